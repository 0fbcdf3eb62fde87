package io.inferedge.policy;

import io.inferedge.contracts.Plan;
import io.inferedge.contracts.StreamRequirements;
import java.sql.ResultSet;
import java.sql.SQLException;

/**
 * Reads the column groups the {@code decision} and {@code outcome} tables share (Flyway V1): a plan
 * ({@code model_version, cut_point, input_resolution, frame_skip}) and a stream's requirements
 * ({@code latency_slo_millis, accuracy_floor, latency_weight, accuracy_weight, energy_weight}), in
 * one place for every query that maps them. Stateless.
 */
public final class Rows {

  private Rows() {}

  /** The plan of the current row. */
  public static Plan plan(ResultSet rs) throws SQLException {
    return new Plan(
        rs.getString("model_version"),
        rs.getInt("cut_point"),
        rs.getInt("input_resolution"),
        rs.getInt("frame_skip"));
  }

  /** The requirements of the current row. */
  public static StreamRequirements requirements(ResultSet rs) throws SQLException {
    return new StreamRequirements(
        rs.getLong("latency_slo_millis"),
        rs.getDouble("accuracy_floor"),
        rs.getDouble("latency_weight"),
        rs.getDouble("accuracy_weight"),
        rs.getDouble("energy_weight"));
  }
}
