package io.inferedge.inference.power;

import static io.inferedge.inference.power.ReferenceLines.line;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.LocalDateTime;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** {@link TegrastatsParser} on the reference lines of real boards, verbatim. */
class TegrastatsParserTest {

  @Test
  void nanoJetPack4BareValuesWithoutTimeTotalIsPom5vIn() {
    TegrastatsLine parsed = TegrastatsParser.parse(line(ReferenceLines.NANO_JP461));

    assertThat(parsed.printedAt()).isNull();
    assertThat(parsed.rails())
        .containsExactly(
            new RailReading("POM_5V_IN", 1750),
            new RailReading("POM_5V_GPU", 0),
            new RailReading("POM_5V_CPU", 366));
    assertThat(parsed.totalMilliwatts()).isEqualTo(1750);
  }

  @Test
  void xavierNxJetPack4BareValuesTotalIsVddIn() {
    TegrastatsLine parsed = TegrastatsParser.parse(line(ReferenceLines.XAVIER_NX_JP411));

    assertThat(parsed.printedAt()).isNull();
    assertThat(parsed.rails())
        .containsExactly(
            new RailReading("VDD_IN", 6140),
            new RailReading("VDD_CPU_GPU_CV", 2706),
            new RailReading("VDD_SOC", 1074));
    assertThat(parsed.totalMilliwatts()).isEqualTo(6140);
  }

  @Test
  void xavierNxJetPack5MilliwattSuffixWithTime() {
    TegrastatsLine parsed = TegrastatsParser.parse(line(ReferenceLines.XAVIER_NX_JP512));

    assertThat(parsed.printedAt()).isEqualTo(LocalDateTime.of(2024, 7, 9, 13, 31, 31));
    assertThat(parsed.rails())
        .containsExactly(
            new RailReading("VDD_IN", 2763),
            new RailReading("VDD_CPU_GPU_CV", 650),
            new RailReading("VDD_SOC", 650));
    assertThat(parsed.totalMilliwatts()).isEqualTo(2763);
  }

  @Test
  void orinNanoJetPack6() {
    TegrastatsLine parsed = TegrastatsParser.parse(line(ReferenceLines.ORIN_NANO_JP6));

    assertThat(parsed.printedAt()).isEqualTo(LocalDateTime.of(2025, 11, 30, 13, 26, 1));
    assertThat(parsed.rails())
        .containsExactly(
            new RailReading("VDD_IN", 5704),
            new RailReading("VDD_CPU_GPU_CV", 831),
            new RailReading("VDD_SOC", 1624));
    assertThat(parsed.totalMilliwatts()).isEqualTo(5704);
  }

  @Test
  void agxOrinJetPack7ThreeValuesPerRailAndNoTotalRailIsSummed() {
    TegrastatsLine parsed = TegrastatsParser.parse(line(ReferenceLines.AGX_ORIN_JP72));

    assertThat(parsed.printedAt()).isEqualTo(LocalDateTime.of(2026, 7, 25, 9, 8, 28));
    assertThat(parsed.rails())
        .containsExactly(
            new RailReading("VDD_GPU_SOC", 5139),
            new RailReading("VDD_CPU_CV", 3268),
            new RailReading("VIN_SYS_5V0", 5500));
    assertThat(parsed.totalMilliwatts()).isEqualTo(5139 + 3268 + 5500);
  }

  @Test
  void theCurrentValueIsUsedNotTheAverage() {
    // Same rail, different current and average (the reference Nano line: 1750 now, 1628 average).
    assertThat(TegrastatsParser.parse("VDD_IN 2000mW/1000mW/3000mW").totalMilliwatts())
        .isEqualTo(2000);
  }

  @Test
  void aLineShapedLikeAgxXavierJetPack4IsSummed() {
    // Constructed from the README's AGX Xavier rail names (no reference line for that board).
    String line =
        "RAM 3000/15000MB CPU [10%@1190,off,off,off,off,off,off,off] GPU@40C"
            + " GPU 155/155 CPU 620/620 SOC 1550/1550 CV 0/0 VDDRQ 310/310 SYS5V 1900/1900";

    assertThat(TegrastatsParser.parse(line).totalMilliwatts())
        .isEqualTo(155 + 620 + 1550 + 0 + 310 + 1900);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "",
        "   ",
        "tegrastats: command not found",
        "RAM 1923/3964MB (lfb 2x2MB) SWAP 191/1982MB (cached 6MB) CPU [5%@1224,4%@1224]",
        "07-09-2024 13:31:31 RAM 3168/6851MB (lfb 2x4MB)"
      })
  void aLineWithoutRailsIsMalformed(String line) {
    assertThatThrownBy(() -> TegrastatsParser.parse(line))
        .isInstanceOf(MalformedReadingException.class)
        .satisfies(e -> assertThat(((MalformedReadingException) e).text()).isEqualTo(line));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        // The total rail broken: summing the others would under-report the board.
        "VDD_IN 57x4mW/5704mW VDD_CPU_GPU_CV 831mW/831mW VDD_SOC 1624mW/1624mW",
        "POM_5V_IN 1750/ POM_5V_GPU 0/0 POM_5V_CPU 366/406",
        // A value with mW that does not parse, e.g. a truncated line.
        "VDD_GPU_SOC 5139mW/5139mW/5139mW VDD_CPU_CV 3268mW/32",
        "VDD_CPU_CV 3268mW/mW VIN_SYS_5V0 5500mW/5500mW/5500mW"
      })
  void aBrokenRailValueIsMalformed(String line) {
    assertThatThrownBy(() -> TegrastatsParser.parse(line))
        .isInstanceOf(MalformedReadingException.class)
        .hasMessageContaining("malformed value");
  }

  @Test
  void anImpossiblePrintedTimeIsMalformed() {
    assertThatThrownBy(() -> TegrastatsParser.parse("13-45-2024 13:31:31 VDD_IN 2763mW/2846mW"))
        .isInstanceOf(MalformedReadingException.class)
        .hasMessageContaining("impossible time");
  }
}
