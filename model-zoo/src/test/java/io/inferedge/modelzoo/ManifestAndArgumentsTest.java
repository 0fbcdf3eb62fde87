package io.inferedge.modelzoo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ManifestAndArgumentsTest {

  @Test
  void jsonStringsAreEscaped() {
    assertThat(Manifest.string("a\"b\\c\nd\u0001")).isEqualTo("\"a\\\"b\\\\c\\nd\\u0001\"");
  }

  @Test
  void manifestListsAccuracyFromTheLargestSideDown() {
    Manifest manifest =
        new Manifest(
            CnnSpec.NANO,
            1,
            10,
            64,
            0.003f,
            "constant",
            2.25,
            Map.of(24, 0.5, 64, 0.7, 32, 0.6, 48, 0.65),
            2000,
            Map.of(64, 0.4, 48, 0.3, 32, 0.2, 24, 0.1));

    assertThat(manifest.toJson())
        .contains("\"accuracy\": {\"64\": 0.7000, \"48\": 0.6500, \"32\": 0.6000, \"24\": 0.5000},")
        .contains(
            "\"latencyMillis\": {\"64\": 0.400, \"48\": 0.300, \"32\": 0.200, \"24\": 0.100},")
        .contains("\"trainingSeconds\": 2.3,")
        .contains("\"cuts\": [0, 1, 2, 3],")
        .contains("\"parameters\": 6218,")
        .startsWith("{\n  \"name\": \"nano\",\n")
        .endsWith("\n}\n");
  }

  @Test
  void manifestDescribesEveryCut() {
    Manifest manifest =
        new Manifest(CnnSpec.NANO, 1, 10, 64, 0.003f, "constant", 2, Map.of(), 1, Map.of());
    String json = manifest.toJson();

    // Cut 0 sends the frame: 64*64*1 floats at 64 px, 24*24 at 24 px.
    assertThat(json)
        .contains(
            "{\"cut\": 0, \"device\": null, \"server\": \"full\", \"tensor\": \"frames\","
                + " \"shape\": {\"64\": [1, 64, 64, 1], \"48\": [1, 48, 48, 1], \"32\": [1, 32, 32, 1],"
                + " \"24\": [1, 24, 24, 1]}, \"bytes\": {\"64\": 16384, \"48\": 9216, \"32\": 4096,"
                + " \"24\": 2304}, \"deviceFlops\": {\"64\": 0, \"48\": 0, \"32\": 0, \"24\": 0}}");
    // Cut 1: 8 channels at half the side; 24 px -> 12.
    assertThat(json)
        .contains(
            "{\"cut\": 1, \"device\": \"head_1\", \"server\": \"tail_1\", \"tensor\":"
                + " \"activation\", \"shape\": {\"64\": [1, 32, 32, 8], \"48\": [1, 24, 24, 8],"
                + " \"32\": [1, 16, 16, 8], \"24\": [1, 12, 12, 8]}, \"bytes\": {\"64\": 32768,");
    // Cut 2 at 24 px: 24 -> 12 -> 6, 16 channels.
    assertThat(manifest.shape(2, 24)).containsExactly(1L, 6L, 6L, 16L);
    assertThat(manifest.bytes(2, 24)).isEqualTo(6 * 6 * 16 * 4);
    // Cut 3 runs everything on the device: nothing crosses the link.
    assertThat(json)
        .contains(
            "{\"cut\": 3, \"device\": \"full\", \"server\": null, \"tensor\": null,"
                + " \"shape\": {\"64\": [], \"48\": [], \"32\": [], \"24\": []}, \"bytes\":"
                + " {\"64\": 0, \"48\": 0, \"32\": 0, \"24\": 0}, \"deviceFlops\": {\"64\": "
                + CnnSpec.NANO.flops(64));
  }

  @Test
  void flopsCountTheConvolutionsAtEachBlocksResolution() {
    // nano at 64 px: 64x64x(1->8), 32x32x(8->16), 16x16x(16->32), then 8x8x(32->10) classifier.
    long blocks = 2L * 9 * (64 * 64 * 8 + 32 * 32 * 8 * 16 + 16 * 16 * 16 * 32);
    assertThat(CnnSpec.NANO.flops(3, 64)).isEqualTo(blocks);
    assertThat(CnnSpec.NANO.flops(64)).isEqualTo(blocks + 2L * 8 * 8 * 32 * 10);
    assertThat(CnnSpec.NANO.flops(0, 64)).isZero();
    // 24 px: 24 -> 12 -> 6 -> 3 -> 2 -> 1 with SAME pools.
    assertThat(CnnSpec.sideAfter(5, 24)).isEqualTo(1);
    assertThat(CnnSpec.sideAfter(3, 24)).isEqualTo(3);
  }

  @Test
  void zooSpecsGrowFromNanoToLarge() {
    assertThat(CnnSpec.ZOO)
        .extracting(CnnSpec::name)
        .containsExactly("nano", "small", "medium", "large");
    for (CnnSpec spec : CnnSpec.ZOO) {
      assertThat(spec.blocks()).isBetween(3, 5);
    }
    for (int i = 1; i < CnnSpec.ZOO.size(); i++) {
      assertThat(CnnSpec.ZOO.get(i).parameterCount())
          .isGreaterThan(2 * CnnSpec.ZOO.get(i - 1).parameterCount());
      assertThat(CnnSpec.ZOO.get(i).flops(64)).isGreaterThan(CnnSpec.ZOO.get(i - 1).flops(64));
    }
    assertThat(CnnSpec.named("large")).isSameAs(CnnSpec.LARGE);
  }

  @Test
  void cosineScheduleWarmsUpThenDecays() {
    Training.Options options =
        new Training.Options(Path.of("x"), 1000, 64, 0.002f, 1, 10, 10, Training.Schedule.COSINE);
    assertThat(options.learningRateAt(1)).isCloseTo(0.002f / 30, within(1e-7f));
    assertThat(options.learningRateAt(30)).isCloseTo(0.002f, within(1e-7f));
    assertThat(options.learningRateAt(500)).isBetween(0.0009f, 0.0012f);
    assertThat(options.learningRateAt(1000)).isCloseTo(0.00004f, within(1e-7f));
    assertThat(new Training.Options(Path.of("x"), 1000, 64, 0.002f, 1, 10, 10).learningRateAt(999))
        .isEqualTo(0.002f);
  }

  @Test
  void nanoSpecCountsItsParameters() {
    // 3x3x1x8+8, 3x3x8x16+16, 3x3x16x32+32, 1x1x32x10+10
    assertThat(CnnSpec.NANO.parameterCount()).isEqualTo(80 + 1168 + 4640 + 330);
    assertThat(CnnSpec.NANO.blocks()).isEqualTo(3);
  }

  @Test
  void argumentsParseKnownOptionsAndRejectTypos() {
    Arguments arguments =
        Arguments.parse(
            new String[] {"--steps", "1_000", "--out", "x/y"}, Set.of("--steps", "--out"));

    assertThat(arguments.integer("--steps", 5)).isEqualTo(1000);
    assertThat(arguments.path("--out", Path.of("z"))).isEqualTo(Path.of("x/y"));
    assertThat(arguments.decimal("--rate", 0.5)).isEqualTo(0.5);
    assertThatThrownBy(() -> Arguments.parse(new String[] {"--step", "3"}, Set.of("--steps")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("unknown option --step");
    assertThatThrownBy(() -> Arguments.parse(new String[] {"--steps"}, Set.of("--steps")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("option --steps needs a value");
    assertThatThrownBy(
            () -> Arguments.parse(new String[] {"--steps", "many"}, null).integer("--steps", 1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("--steps must be an integer, was 'many'");
  }
}
