package io.inferedge.inference.link;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.inferedge.inference.InferenceProperties;
import io.inferedge.policy.environment.LinkTrace;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The device tier's emulated link. The trace format and its replay are {@link LinkTrace}'s, tested
 * with the policy emulator; here: loading a trace by location, the row in force at the moment of
 * sending, and the transfer time.
 */
class EmulatedLinkTest {

  private static final long SECOND = 1_000_000_000L;

  private static EmulatedLink link(String trace) {
    return new EmulatedLink(new InferenceProperties.LinkProfile(null, 5796, 0, true, trace), 0);
  }

  @Test
  void theShippedDemoTraceDropsFrom20To2MbitPerSecondAndLoops() {
    EmulatedLink link = link("classpath:traces/demo-wifi-drop.csv");

    assertThat(link.at(5 * SECOND)).isEqualTo(new EmulatedLink.Conditions(20, 10));
    assertThat(link.at(25 * SECOND)).isEqualTo(new EmulatedLink.Conditions(2, 60));
    assertThat(link.at(45 * SECOND)).isEqualTo(new EmulatedLink.Conditions(20, 10));
    assertThat(EmulatedLink.load("classpath:traces/demo-wifi-drop.csv").period()).isEqualTo(40);
  }

  @Test
  void anEmulatedLinkUsesTheTraceRowInForceAtTheMomentOfSending() {
    EmulatedLink link = link("classpath:traces/demo-wifi-drop.csv");

    // 16384 bytes: 10 ms + 6.5536 ms at 20 Mbit/s; 60 ms + 65.536 ms at 2 Mbit/s
    assertThat(link.transferNanos(16_384, SECOND)).isEqualTo(16_553_600L);
    assertThat(link.transferNanos(16_384, 21 * SECOND)).isEqualTo(125_536_000L);
  }

  @Test
  void aConstantLinkHasTheProfilesFigures() {
    var link = new EmulatedLink(new InferenceProperties.LinkProfile(8.0, 4795, 60, true, null), 0);

    assertThat(link.at(123 * SECOND)).isEqualTo(new EmulatedLink.Conditions(8, 60));
  }

  @Test
  void aMalformedTraceIsRefusedAtStartNamingTheFileAndRow(@TempDir Path dir) throws IOException {
    Path file = dir.resolve("bad.csv");
    Files.writeString(file, "t_seconds,bandwidth_mbps,rtt_ms\n0,20,10\n\n5,fast,10\n");

    assertThatThrownBy(() -> link(file.toString()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(file.toString())
        .hasMessageContaining("row 4");
    assertThatThrownBy(() -> link("classpath:traces/missing.csv"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("classpath:traces/missing.csv");
  }
}
