package io.inferedge.policy.environment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class LinkTraceTest {

  private static LinkTrace parse(String csv) {
    return LinkTrace.read("t", new ByteArrayInputStream(csv.getBytes(StandardCharsets.UTF_8)));
  }

  @Test
  void replaysRowsAndLoops() {
    LinkTrace trace = parse("t_seconds,bandwidth_mbps,rtt_ms\n0,10,20\n1,2,80\n2,5,40\n");
    assertThat(trace.bandwidthAt(0.5)).isEqualTo(10);
    assertThat(trace.bandwidthAt(1.0)).isEqualTo(2);
    assertThat(trace.rttAt(2.9)).isEqualTo(40);
    assertThat(trace.period()).isEqualTo(3);
    assertThat(trace.bandwidthAt(3.5)).isEqualTo(10);
    assertThat(trace.meanBandwidthMbps()).isEqualTo(17.0 / 3);
  }

  @Test
  void rejectsAMissingHeaderAndBadRows() {
    assertThatThrownBy(() -> parse("0,1,2\n"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("header");
    assertThatThrownBy(() -> parse(LinkTrace.HEADER + "\n0,0,10\n"))
        .hasMessageContaining("bandwidth_mbps must be > 0");
    assertThatThrownBy(() -> parse(LinkTrace.HEADER + "\n0,1,10\n0,1,10\n"))
        .hasMessageContaining("t_seconds must increase");
    assertThatThrownBy(() -> parse(LinkTrace.HEADER + "\n0,abc,10\n"))
        .hasMessageContaining("not numeric");
  }

  @Test
  void theShippedTrainingAndEvaluationSetsAreDisjoint() {
    var training = LinkTrace.readClasspath("training").stream().map(LinkTrace::name).toList();
    var evaluation = LinkTrace.readClasspath("evaluation").stream().map(LinkTrace::name).toList();
    assertThat(training).hasSize(6).doesNotContainAnyElementsOf(evaluation);
    assertThat(evaluation).hasSize(4);
  }
}
