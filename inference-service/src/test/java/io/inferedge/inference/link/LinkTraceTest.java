package io.inferedge.inference.link;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.inferedge.inference.InferenceProperties;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LinkTraceTest {

  private static LinkTrace parse(String csv) throws IOException {
    return LinkTrace.parse(
        "test.csv", new ByteArrayInputStream(csv.getBytes(StandardCharsets.UTF_8)));
  }

  @Test
  void aRowHoldsUntilTheNextRowsTimeAndTheTraceLoops() throws IOException {
    LinkTrace trace = parse("t_seconds,bandwidth_mbps,rtt_ms\n0,20,10\n20,2,60\n");

    assertThat(trace.periodSeconds()).isEqualTo(40);
    assertThat(trace.at(0)).isEqualTo(new LinkTrace.Conditions(20, 10));
    assertThat(trace.at(19.999)).isEqualTo(new LinkTrace.Conditions(20, 10));
    assertThat(trace.at(20)).isEqualTo(new LinkTrace.Conditions(2, 60));
    assertThat(trace.at(39.9)).isEqualTo(new LinkTrace.Conditions(2, 60));
    assertThat(trace.at(40)).isEqualTo(new LinkTrace.Conditions(20, 10));
    assertThat(trace.at(65)).isEqualTo(new LinkTrace.Conditions(2, 60));
  }

  @Test
  void theLoopIsTheLastRowPlusTheMedianSpacing() throws IOException {
    LinkTrace trace = parse("t_seconds,bandwidth_mbps,rtt_ms\n0,10,5\n1,8,5\n2,6,5\n10,4,5\n");

    assertThat(trace.periodSeconds()).isEqualTo(11);
    assertThat(trace.at(10.5).bandwidthMbps()).isEqualTo(4);
    assertThat(trace.at(11.5).bandwidthMbps()).isEqualTo(10);
  }

  @Test
  void theShippedDemoTraceDropsFrom20To2MbitPerSecond() {
    LinkTrace trace = LinkTrace.load("classpath:traces/demo-wifi-drop.csv");

    assertThat(trace.at(5)).isEqualTo(new LinkTrace.Conditions(20, 10));
    assertThat(trace.at(25)).isEqualTo(new LinkTrace.Conditions(2, 60));
    assertThat(trace.periodSeconds()).isEqualTo(40);
  }

  @Test
  void aMalformedRowIsNamedByFileAndLine(@TempDir Path dir) throws IOException {
    Path file = dir.resolve("bad.csv");
    Files.writeString(file, "t_seconds,bandwidth_mbps,rtt_ms\n0,20,10\n\n5,fast,10\n");

    assertThatThrownBy(() -> LinkTrace.load(file.toString()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(file.toString())
        .hasMessageContaining("line 4");
  }

  @Test
  void otherMalformedTracesAreRefused() {
    assertThatThrownBy(() -> parse("time,bw\n0,1\n")).hasMessageContaining("line 1");
    assertThatThrownBy(() -> parse("t_seconds,bandwidth_mbps,rtt_ms\n0,20\n"))
        .hasMessageContaining("line 2")
        .hasMessageContaining("3 columns");
    assertThatThrownBy(() -> parse("t_seconds,bandwidth_mbps,rtt_ms\n0,20,10\n0,5,10\n"))
        .hasMessageContaining("line 3")
        .hasMessageContaining("increase");
    assertThatThrownBy(() -> parse("t_seconds,bandwidth_mbps,rtt_ms\n0,0,10\n"))
        .hasMessageContaining("bandwidth_mbps");
    assertThatThrownBy(() -> parse("t_seconds,bandwidth_mbps,rtt_ms\n"))
        .hasMessageContaining("no rows");
    assertThatThrownBy(() -> LinkTrace.load("classpath:traces/missing.csv"))
        .hasMessageContaining("classpath:traces/missing.csv");
  }

  @Test
  void anEmulatedLinkUsesTheTraceRowInForceAtTheMomentOfSending() {
    var profile =
        new InferenceProperties.LinkProfile(
            null, 5796, 0, true, "classpath:traces/demo-wifi-drop.csv");
    var link = new EmulatedLink(profile, 0);

    // 16384 bytes: 10 ms + 6.5536 ms at 20 Mbit/s; 60 ms + 65.536 ms at 2 Mbit/s
    assertThat(link.transferNanos(16_384, 1_000_000_000L)).isEqualTo(16_553_600L);
    assertThat(link.transferNanos(16_384, 21_000_000_000L)).isEqualTo(125_536_000L);
  }
}
