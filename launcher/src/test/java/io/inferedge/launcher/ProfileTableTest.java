package io.inferedge.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

class ProfileTableTest {

  private static final JsonMapper JSON = JsonMapper.builder().build();

  private static final Map<String, Object> TIERS =
      Map.of(
          "device-profiles",
          Map.of(
              "jetson-nano",
              Map.of("idle-milliwatts", 1750, "active-milliwatts", 6820, "slowdown", 24),
              "host",
              Map.of("idle-milliwatts", 3500, "active-milliwatts", 11000, "slowdown", 1)),
          "link-profiles",
          Map.of(
              "wifi-20",
              Map.of("bandwidth-mbps", 20, "rtt-millis", 10, "transmit-milliwatts", 5796),
              "none",
              Map.of("bandwidth-mbps", 1000, "emulated", false, "transmit-milliwatts", 0)));

  @Test
  void nearestRankQuantiles() {
    double[] values = new double[100];
    for (int i = 0; i < 100; i++) {
      values[i] = 100 - i; // 1..100, unsorted
    }
    ObjectNode q = ProfileTable.quantiles(JSON.createObjectNode(), values);

    assertThat(q.path("p10").asDouble()).isEqualTo(10);
    assertThat(q.path("p50").asDouble()).isEqualTo(50);
    assertThat(q.path("p90").asDouble()).isEqualTo(90);
    assertThat(q.path("p95").asDouble()).isEqualTo(95);
  }

  @Test
  void energyIsComputePlusRadioInMillijoules() {
    var nano = ProfileTable.devices(TIERS).get(1);
    var wifi = ProfileTable.links(TIERS).get(0);

    // 500 us on the host x 24 = 12 ms at 6.82 W = 81.84 mJ; 20,000 bytes at 20 Mbit/s = 8 ms at
    // 5.796 W = 46.368 mJ.
    assertThat(nano.name()).isEqualTo("jetson-nano");
    assertThat(ProfileTable.energyMillijoules(500, 20_000, nano, wifi))
        .isCloseTo(81.84 + 46.368, within(1e-9));
  }

  @Test
  void hostComesFirstAndUnemulatedLinksAreNotProfiles() {
    assertThat(ProfileTable.devices(TIERS))
        .extracting(ProfileTable.Device::name)
        .containsExactly("host", "jetson-nano");
    assertThat(ProfileTable.links(TIERS))
        .extracting(ProfileTable.Link::name)
        .containsExactly("wifi-20");
  }

  @Test
  void accuracyPoolsTheCutsOfAResolutionAndHoldsForBothRegimes() {
    List<JsonNode> replies = new ArrayList<>();
    for (int i = 0; i < 100; i++) {
      replies.add(reply(i < 90, 800, 300));
    }
    List<JsonNode> worse = new ArrayList<>();
    for (int i = 0; i < 100; i++) {
      worse.add(reply(i < 70, 800, 300));
    }
    List<Profiler.Run> runs = new ArrayList<>();
    for (int resolution : Profiler.RESOLUTIONS) {
      runs.add(new Profiler.Run("nano", 3, 3, resolution, replies));
      runs.add(new Profiler.Run("nano", 3, 2, resolution, worse));
    }
    JsonNode manifest =
        JSON.readTree(
            "{\"blocks\":3,\"channels\":[8,16,32],\"parameters\":6218,\"flops\":{\"64\":100}}");

    ObjectNode table =
        ProfileTable.build("test host", 100, 0, Map.of("nano", manifest), runs, TIERS);

    JsonNode model = table.path("models").get(0);
    assertThat(model.path("accuracy").path("calm").path("64").asDouble()).isEqualTo(0.8);
    assertThat(model.path("accuracy").path("busy").path("24").asDouble()).isEqualTo(0.8);
    assertThat(model.path("accuracyFrames").path("64").asInt()).isEqualTo(200);
    JsonNode configuration = model.path("configurations").get(0);
    assertThat(configuration.path("deviceMicros").path("p50").asDouble()).isEqualTo(1100);
    assertThat(configuration.path("serverMicros").path("p50").asDouble()).isZero();
    assertThat(configuration.path("accuracy").asDouble()).isEqualTo(0.9);
    assertThat(model.path("macs").path("64").asLong()).isEqualTo(50);
    assertThat(ProfileTable.csv(table).lines())
        .hasSize(9)
        .first()
        .asString()
        .startsWith("model,cut,resolution,bytes_sent,frames,accuracy,preprocess_p50_us");
  }

  private static JsonNode reply(boolean correct, long preprocess, long compute) {
    ObjectNode reply = JSON.createObjectNode();
    reply.put("correct", correct);
    reply.put("bytesSent", 0);
    ObjectNode latency = reply.putObject("latency");
    latency.put("preprocessMicros", preprocess);
    latency.put("deviceComputeMicros", compute);
    latency.put("totalMicros", preprocess + compute);
    return reply;
  }
}
