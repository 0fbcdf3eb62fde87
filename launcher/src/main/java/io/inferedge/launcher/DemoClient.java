package io.inferedge.launcher;

import io.inferedge.modelzoo.FashionMnist;
import io.inferedge.modelzoo.Frame;
import io.inferedge.modelzoo.FrameSource;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A camera for the demo: streams seeded frames composed from the shipped Fashion-MNIST test subset
 * through the gateway as PNG, with their ground truth and an API key, and summarises what came
 * back. Latency is the client's wall time per request; accuracy is measured against the frames'
 * ground truth.
 */
final class DemoClient {

  private static final long SEED = 20261126L;

  private final URI gateway;
  private final String apiKey;
  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private final JsonMapper json = JsonMapper.builder().build();

  /**
   * @param apiKey the key sent in {@code X-API-Key} with every frame
   */
  DemoClient(URI gateway, String apiKey) {
    this.gateway = gateway;
    this.apiKey = apiKey;
  }

  Summary stream(String streamId, int frames) throws IOException, InterruptedException {
    FrameSource source = new FrameSource(FashionMnist.testSubset(), SEED);
    long[] latencies = new long[frames];
    int answered = 0;
    int correct = 0;
    List<String> failures = new ArrayList<>();
    Map<String, Integer> plans = new TreeMap<>();
    for (int i = 0; i < frames; i++) {
      Frame frame = source.next();
      URI uri =
          gateway.resolve(
              "/api/v1/streams/"
                  + streamId
                  + "/frames?frameSeq="
                  + frame.seq()
                  + "&groundTruth="
                  + frame.label());
      HttpRequest request =
          HttpRequest.newBuilder(uri)
              .timeout(Duration.ofSeconds(30))
              .header("Content-Type", "image/png")
              .header("X-API-Key", apiKey)
              .POST(HttpRequest.BodyPublishers.ofByteArray(frame.toPng()))
              .build();
      long start = System.nanoTime();
      HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
      long micros = (System.nanoTime() - start) / 1_000;
      if (response.statusCode() != 200) {
        failures.add(response.statusCode() + " " + response.body());
        continue;
      }
      JsonNode body = json.readTree(response.body());
      latencies[answered++] = micros;
      if (body.path("label").asInt(-1) == frame.label()) {
        correct++;
      }
      plans.merge(body.path("configId").asString("?"), 1, Integer::sum);
    }
    return new Summary(
        streamId, frames, Arrays.copyOf(latencies, answered), correct, plans, failures);
  }

  /** What the demo saw; every figure is measured (wall time on this machine, ground truth). */
  record Summary(
      String streamId,
      int sent,
      long[] latencyMicros,
      int correct,
      Map<String, Integer> plans,
      List<String> failures) {

    int answered() {
      return latencyMicros.length;
    }

    double meanMillis() {
      return Arrays.stream(latencyMicros).average().orElse(Double.NaN) / 1_000;
    }

    double p95Millis() {
      if (latencyMicros.length == 0) {
        return Double.NaN;
      }
      long[] sorted = latencyMicros.clone();
      Arrays.sort(sorted);
      int rank = (int) Math.ceil(0.95 * sorted.length) - 1;
      return sorted[Math.max(0, rank)] / 1_000.0;
    }

    double accuracy() {
      return answered() == 0 ? Double.NaN : (double) correct / answered();
    }

    String render() {
      var out = new StringBuilder();
      out.append("\n=== demo summary (measured on this machine) ===\n");
      out.append(String.format("stream        %s%n", streamId));
      out.append(
          String.format(
              "frames        %d sent, %d answered, %d failed%n",
              sent, answered(), failures.size()));
      out.append(
          String.format(
              "latency       mean %.1f ms, p95 %.1f ms (client wall time)%n",
              meanMillis(), p95Millis()));
      out.append(
          String.format(
              "accuracy      %.1f %% (%d/%d against ground truth)%n",
              100 * accuracy(), correct, answered()));
      out.append("plans         ").append(plans).append('\n');
      failures.stream().limit(3).forEach(f -> out.append("failure       ").append(f).append('\n'));
      return out.toString();
    }
  }
}
