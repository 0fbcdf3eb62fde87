package io.inferedge.telemetry.inference;

import io.inferedge.contracts.InferenceCompleted;
import io.inferedge.contracts.Plan;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Rows in PostgreSQL's {@code COPY ... (FORMAT text)} form: one line per row, columns separated by
 * tabs, {@code \N} for null, and backslash, tab, newline and carriage return escaped with a
 * backslash. Stateless.
 */
final class CopyText {

  private CopyText() {}

  /** The events as rows of {@code inference}, in the order of its {@code COPY} column list. */
  static byte[] inferences(List<InferenceCompleted> events) {
    StringBuilder text = new StringBuilder(events.size() * 420);
    for (InferenceCompleted e : events) {
      Plan plan = e.plan();
      text.append(e.eventId()).append('\t');
      text.append(e.occurredAt()).append('\t');
      text.append(e.schemaVersion()).append('\t');
      string(text, e.streamId()).append('\t');
      text.append(e.frameSeq()).append('\t');
      string(text, e.deviceId()).append('\t');
      string(text, plan.configId()).append('\t');
      string(text, plan.modelVersion()).append('\t');
      text.append(plan.cutPoint()).append('\t');
      text.append(plan.inputResolution()).append('\t');
      text.append(plan.frameSkip()).append('\t');
      text.append(e.predictedLabel()).append('\t');
      text.append(e.confidence()).append('\t');
      text.append('{');
      List<Double> scores = e.scores();
      for (int i = 0; i < scores.size(); i++) {
        if (i > 0) {
          text.append(',');
        }
        text.append(scores.get(i).doubleValue());
      }
      text.append('}').append('\t');
      nullable(text, e.groundTruthLabel()).append('\t');
      nullable(text, e.correct()).append('\t');
      text.append(e.preprocessMicros()).append('\t');
      text.append(e.deviceComputeMicros()).append('\t');
      text.append(e.transferMicros()).append('\t');
      text.append(e.serverComputeMicros()).append('\t');
      text.append(e.totalLatencyMicros()).append('\t');
      text.append(e.bytesSent()).append('\t');
      text.append(e.deviceComputeStartedAt()).append('\t');
      text.append(e.deviceComputeEndedAt()).append('\t');
      nullableString(text, e.linkProfile());
      text.append('\t');
      nullable(text, e.radioTransmitMilliwatts()).append('\t');
      nullableString(text, e.deviceProfile()).append('\t');
      nullable(text, e.serverQueueMicros()).append('\n');
    }
    return text.toString().getBytes(StandardCharsets.UTF_8);
  }

  private static StringBuilder nullable(StringBuilder text, Object value) {
    return value == null ? text.append("\\N") : text.append(value);
  }

  private static StringBuilder nullableString(StringBuilder text, String value) {
    return value == null ? text.append("\\N") : string(text, value);
  }

  /** Appends {@code value} with the characters COPY's text format gives a meaning escaped. */
  static StringBuilder string(StringBuilder text, String value) {
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      switch (c) {
        case '\\' -> text.append("\\\\");
        case '\t' -> text.append("\\t");
        case '\n' -> text.append("\\n");
        case '\r' -> text.append("\\r");
        default -> text.append(c);
      }
    }
    return text;
  }
}
