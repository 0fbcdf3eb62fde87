package io.inferedge.telemetry.inference;

import static org.assertj.core.api.Assertions.assertThat;

import io.inferedge.contracts.InferenceCompleted;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class CopyTextTest {

  @Test
  void escapesWhatCopyGivesAMeaning() {
    assertThat(CopyText.string(new StringBuilder(), "a\\b\tc\nd\re").toString())
        .isEqualTo("a\\\\b\\tc\\nd\\re");
  }

  @Test
  void writesOneTabSeparatedLinePerEventWithNullsAsBackslashN() {
    InferenceCompleted event =
        InferenceSamples.inference(
            UUID.fromString("6f1d2c1e-0b7a-4c39-9a51-1f0e5d4c3b2a"), "cam-1", 2, null);

    String text = new String(CopyText.inferences(List.of(event)), StandardCharsets.UTF_8);

    assertThat(text).endsWith("\n").hasLineCount(1);
    String[] columns = text.strip().split("\t", -1);
    assertThat(columns).hasSize(28);
    assertThat(columns[0]).isEqualTo("6f1d2c1e-0b7a-4c39-9a51-1f0e5d4c3b2a");
    assertThat(columns[1]).isEqualTo("2026-11-26T08:00:00.203456Z");
    assertThat(columns[6]).isEqualTo("small/c2/r48/s1");
    assertThat(columns[13]).isEqualTo("{0.01,0.02,0.03,0.875,0.015,0.01,0.02,0.005,0.01,0.005}");
    assertThat(columns[14]).isEqualTo("\\N"); // ground truth unknown
    assertThat(columns[15]).isEqualTo("\\N"); // so correctness too
    assertThat(columns[24]).isEqualTo("\\N"); // no link from this older producer
    assertThat(columns[25]).isEqualTo("\\N");
    assertThat(columns[26]).isEqualTo("\\N"); // nor device profile
    assertThat(columns[27]).isEqualTo("\\N"); // nor server queue time
  }

  @Test
  void writesTheTierFieldsOfACurrentProducer() {
    InferenceCompleted event = InferenceSamples.splitInference("cam-1", 2);

    String text = new String(CopyText.inferences(List.of(event)), StandardCharsets.UTF_8);

    String[] columns = text.strip().split("\t", -1);
    assertThat(columns).hasSize(28);
    assertThat(columns[6]).isEqualTo("small/c2/r48/s1/q8");
    assertThat(columns[24]).isEqualTo("wifi-20");
    assertThat(columns[25]).isEqualTo("800.0");
    assertThat(columns[26]).isEqualTo("jetson-nano");
    assertThat(columns[27]).isEqualTo("1250");
  }
}
