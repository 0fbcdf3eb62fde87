package io.inferedge.contracts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.DatabindException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Pins the wire format of every event: what the services' Jackson 3 mappers write must equal the
 * golden file, and the golden file must read back into an equal record. A change that breaks a
 * consumer fails here first; change the golden file only together with the topic's version.
 */
class GoldenWireFormatTest {

  private static final JsonMapper JSON = JsonMapper.builder().build();

  static Stream<Arguments> events() {
    return Stream.of(
        Arguments.of("inference-completed.v1.json", Samples.inferenceCompleted()),
        Arguments.of("power-sampled.v1.json", Samples.powerSampled()),
        Arguments.of("outcome-recorded.v1.json", Samples.outcomeRecorded()),
        Arguments.of("policy-published.v1.json", Samples.policyPublished()),
        Arguments.of("decision-made.v1.json", Samples.decisionMade()));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("events")
  void writesTheGoldenJson(String file, Event event) throws IOException {
    JsonNode written = JSON.readTree(JSON.writeValueAsString(event));

    assertThat(written).isEqualTo(golden(file));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("events")
  void readsTheGoldenJsonBack(String file, Event event) throws IOException {
    Event read = JSON.treeToValue(golden(file), event.getClass());

    assertThat(read).isEqualTo(event);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("events")
  void unitsAreInTheFieldNames(String file, Event event) throws IOException {
    assertThat(golden(file).propertyNames())
        .contains("eventId", "occurredAt", "schemaVersion")
        .allSatisfy(name -> assertThat(name).doesNotEndWith("latency").doesNotEndWith("energy"));
  }

  @org.junit.jupiter.api.Test
  void aRecordWithAnInvalidFieldIsRefusedOnRead() throws IOException {
    var node = (tools.jackson.databind.node.ObjectNode) golden("outcome-recorded.v1.json");
    node.put("deviceEnergyMillijoules", -1.0);

    assertThatThrownBy(() -> JSON.treeToValue(node, OutcomeRecorded.class))
        .isInstanceOf(DatabindException.class)
        .hasMessageContaining("deviceEnergyMillijoules must be a finite number >= 0");
  }

  @org.junit.jupiter.api.Test
  void aDecisionWithoutAStateReadsWithANullState() throws IOException {
    var node = (tools.jackson.databind.node.ObjectNode) golden("decision-made.v1.json");
    node.putNull("state");

    DecisionMade read = JSON.treeToValue(node, DecisionMade.class);

    assertThat(read.state()).isNull();
    assertThat(read.decisionId()).isEqualTo(Samples.decisionMade().decisionId());
  }

  @org.junit.jupiter.api.Test
  void aDecisionWithAnOutOfRangeStateIsRefusedOnRead() throws IOException {
    var node = (tools.jackson.databind.node.ObjectNode) golden("decision-made.v1.json");
    ((tools.jackson.databind.node.ObjectNode) node.get("state")).put("serverLoad", 1.5);

    assertThatThrownBy(() -> JSON.treeToValue(node, DecisionMade.class))
        .isInstanceOf(DatabindException.class)
        .hasMessageContaining("serverLoad must be in [0, 1], was 1.5");
  }

  @org.junit.jupiter.api.Test
  void anInferenceRecordFromAnOlderProducerWithoutTheLinkFieldsStillReads() throws IOException {
    var node = (tools.jackson.databind.node.ObjectNode) golden("inference-completed.v1.json");
    node.remove("linkProfile");
    node.remove("radioTransmitMilliwatts");

    InferenceCompleted read = JSON.treeToValue(node, InferenceCompleted.class);

    InferenceCompleted expected = Samples.inferenceCompleted();
    assertThat(read.linkProfile()).isNull();
    assertThat(read.radioTransmitMilliwatts()).isNull();
    assertThat(read)
        .usingRecursiveComparison()
        .ignoringFields("linkProfile", "radioTransmitMilliwatts")
        .isEqualTo(expected);
  }

  @org.junit.jupiter.api.Test
  void anInferenceRecordFromBeforeSplitExecutionStillReadsWithAnFp32Plan() throws IOException {
    var node = (tools.jackson.databind.node.ObjectNode) golden("inference-completed.v1.json");
    node.remove("deviceProfile");
    node.remove("serverQueueMicros");
    ((tools.jackson.databind.node.ObjectNode) node.get("plan")).remove("precision");

    InferenceCompleted read = JSON.treeToValue(node, InferenceCompleted.class);

    assertThat(read.deviceProfile()).isNull();
    assertThat(read.serverQueueMicros()).isNull();
    assertThat(read.plan()).isEqualTo(Samples.inferenceCompleted().plan());
    assertThat(read.plan().precision()).isEqualTo(Plan.Precision.FP32);
  }

  @org.junit.jupiter.api.Test
  void aNegativeRadioTransmitPowerIsRefusedOnRead() throws IOException {
    var node = (tools.jackson.databind.node.ObjectNode) golden("inference-completed.v1.json");
    node.put("radioTransmitMilliwatts", -5.0);

    assertThatThrownBy(() -> JSON.treeToValue(node, InferenceCompleted.class))
        .isInstanceOf(DatabindException.class)
        .hasMessageContaining("radioTransmitMilliwatts must be a finite number >= 0");
  }

  private static JsonNode golden(String file) throws IOException {
    try (InputStream in = GoldenWireFormatTest.class.getResourceAsStream("/golden/" + file)) {
      assertThat(in).as("golden file %s", file).isNotNull();
      return JSON.readTree(in);
    }
  }
}
