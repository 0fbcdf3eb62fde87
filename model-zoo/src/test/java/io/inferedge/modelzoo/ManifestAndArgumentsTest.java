package io.inferedge.modelzoo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
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
            "nano",
            3,
            List.of(3),
            "frames",
            "probabilities",
            64,
            FashionMnist.CLASS_NAMES,
            6218,
            1,
            10,
            2.25,
            Map.of(24, 0.5, 64, 0.7, 32, 0.6, 48, 0.65),
            2000,
            Manifest.ACCURACY_SOURCE);

    assertThat(manifest.toJson())
        .contains("\"accuracy\": {\"64\": 0.7000, \"48\": 0.6500, \"32\": 0.6000, \"24\": 0.5000},")
        .contains("\"trainingSeconds\": 2.3,")
        .startsWith("{\n  \"name\": \"nano\",\n")
        .endsWith("\n}\n");
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
