package io.inferedge.inference.power;

import java.util.List;
import java.util.Set;

/**
 * Which rail is a Jetson board's total input power (../shared/reference/tegrastats/README.md): the
 * Nano's {@code POM_5V_IN}; {@code VDD_IN} on the TX2, Xavier NX and Orin Nano/NX. Boards without
 * one (AGX Xavier: {@code GPU CPU SOC CV VDDRQ SYS5V}; AGX Orin: {@code VDD_GPU_SOC VDD_CPU_CV
 * VIN_SYS_5V0 ...}) report the sum of their rails. Stateless.
 */
final class BoardRails {

  /** Rails that measure the whole board's input. */
  static final Set<String> TOTAL_RAILS = Set.of("VDD_IN", "POM_5V_IN");

  private BoardRails() {}

  /** Whether {@code rail} is a board-total rail. */
  static boolean isTotal(String rail) {
    return TOTAL_RAILS.contains(rail);
  }

  /**
   * The board's total power: its total rail where it has one, else the sum of all rails.
   *
   * @throws IllegalArgumentException when {@code rails} is empty
   */
  static double totalMilliwatts(List<RailReading> rails) {
    if (rails.isEmpty()) {
      throw new IllegalArgumentException("rails must not be empty");
    }
    for (RailReading rail : rails) {
      if (isTotal(rail.rail())) {
        return rail.milliwatts();
      }
    }
    return rails.stream().mapToDouble(RailReading::milliwatts).sum();
  }
}
