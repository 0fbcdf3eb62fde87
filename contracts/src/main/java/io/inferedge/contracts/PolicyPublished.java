package io.inferedge.contracts;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * A policy version that became active, published to {@link Topics#POLICY_PUBLISHED}. It carries the
 * actor as dense layers so that the gateway can decide in-process with plain Java arithmetic.
 *
 * @param policyVersion monotonically increasing version number, starting at 1
 * @param algorithm how the policy was trained, e.g. {@code a2c}
 * @param stateFeatures names of the actor's inputs, in order
 * @param actionHeads the factored action heads, in the order the actor's output concatenates them
 * @param actor the actor network, input layer first
 */
public record PolicyPublished(
    UUID eventId,
    Instant occurredAt,
    int schemaVersion,
    long policyVersion,
    String algorithm,
    List<String> stateFeatures,
    List<ActionHead> actionHeads,
    List<DenseLayer> actor)
    implements Event {

  public static final int SCHEMA_VERSION = 1;

  public PolicyPublished {
    Checks.notNull("eventId", eventId);
    Checks.notNull("occurredAt", occurredAt);
    Checks.schemaVersion(SCHEMA_VERSION, schemaVersion);
    if (policyVersion < 1) {
      throw new IllegalArgumentException("policyVersion must be >= 1, was " + policyVersion);
    }
    Checks.id("algorithm", algorithm);
    stateFeatures = List.copyOf(Checks.notNull("stateFeatures", stateFeatures));
    actionHeads = List.copyOf(Checks.notNull("actionHeads", actionHeads));
    actor = List.copyOf(Checks.notNull("actor", actor));
    if (actor.isEmpty()) {
      throw new IllegalArgumentException("actor must have at least one layer");
    }
    if (actor.get(0).inputs() != stateFeatures.size()) {
      throw new IllegalArgumentException(
          "actor's first layer must take "
              + stateFeatures.size()
              + " inputs (one per state feature), takes "
              + actor.get(0).inputs());
    }
    for (int i = 1; i < actor.size(); i++) {
      if (actor.get(i).inputs() != actor.get(i - 1).outputs()) {
        throw new IllegalArgumentException(
            "actor layer "
                + i
                + " takes "
                + actor.get(i).inputs()
                + " inputs but layer "
                + (i - 1)
                + " gives "
                + actor.get(i - 1).outputs());
      }
    }
    int headOutputs = actionHeads.stream().mapToInt(h -> h.choices().size()).sum();
    if (headOutputs != actor.get(actor.size() - 1).outputs()) {
      throw new IllegalArgumentException(
          "action heads have "
              + headOutputs
              + " choices but the actor gives "
              + actor.get(actor.size() - 1).outputs()
              + " outputs");
    }
  }

  /**
   * One factored part of the action, e.g. {@code model} with choices {@code nano, small, ...}.
   *
   * @param name the plan part this head chooses
   * @param choices the values, in the order of the head's logits
   */
  public record ActionHead(String name, List<String> choices) {
    public ActionHead {
      Checks.id("name", name);
      choices = List.copyOf(Checks.notNull("choices", choices));
      if (choices.isEmpty()) {
        throw new IllegalArgumentException("choices of head " + name + " must not be empty");
      }
    }
  }

  /**
   * A fully connected layer {@code y = activation(W x + b)}.
   *
   * @param inputs width of x
   * @param outputs width of y
   * @param activation {@code relu}, {@code tanh} or {@code linear}
   * @param weights W in row-major order, {@code outputs * inputs} values
   * @param biases b, {@code outputs} values
   */
  public record DenseLayer(
      int inputs, int outputs, String activation, List<Float> weights, List<Float> biases) {
    public DenseLayer {
      if (inputs < 1 || outputs < 1) {
        throw new IllegalArgumentException(
            "inputs and outputs must be >= 1, were " + inputs + " and " + outputs);
      }
      if (!List.of("relu", "tanh", "linear").contains(activation)) {
        throw new IllegalArgumentException(
            "activation must be relu, tanh or linear, was '" + activation + "'");
      }
      weights = List.copyOf(Checks.notNull("weights", weights));
      biases = List.copyOf(Checks.notNull("biases", biases));
      if (weights.size() != inputs * outputs) {
        throw new IllegalArgumentException(
            "weights must have inputs * outputs = "
                + (inputs * outputs)
                + " values, has "
                + weights.size());
      }
      if (biases.size() != outputs) {
        throw new IllegalArgumentException(
            "biases must have " + outputs + " values, has " + biases.size());
      }
    }
  }
}
