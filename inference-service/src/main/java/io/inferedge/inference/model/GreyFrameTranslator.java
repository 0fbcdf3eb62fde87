package io.inferedge.inference.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.translate.Batchifier;
import ai.djl.translate.Translator;
import ai.djl.translate.TranslatorContext;
import io.inferedge.inference.frame.GreyFrame;

/**
 * DJL pre- and post-processing for the zoo's grey-frame classifiers.
 *
 * <p>Input: a {@link GreyFrame} already decoded and resized to the plan's resolution S, values
 * 0..1. It becomes one float32 tensor of shape [1, S, S, 1] (NHWC, batch of one, one grey channel)
 * named after the manifest's input key, because the SavedModel's {@code serving_default} signature
 * matches inputs by name. The models are fully convolutional with global average pooling, so any S
 * works.
 *
 * <p>Output: the signature's outputs (DJL orders them by key); the one named by the manifest's
 * output key is float32 [1, classes], the softmax probabilities, returned as a {@code
 * float[classes]}.
 *
 * <p>There is no {@link Batchifier}: the batch axis is part of the tensor built here, so DJL runs
 * no stack/unstack operations around the forward pass. Every array lives in the per-call manager of
 * the {@link TranslatorContext}, which DJL closes after each prediction. Stateless and thread-safe.
 */
final class GreyFrameTranslator implements Translator<GreyFrame, float[]> {

  private final String inputKey;
  private final String outputKey;
  private final int classes;

  GreyFrameTranslator(String inputKey, String outputKey, int classes) {
    this.inputKey = inputKey;
    this.outputKey = outputKey;
    this.classes = classes;
  }

  @Override
  public NDList processInput(TranslatorContext ctx, GreyFrame frame) {
    int side = frame.side();
    NDArray input = ctx.getNDManager().create(frame.pixels(), new Shape(1, side, side, 1));
    input.setName(inputKey);
    return new NDList(input);
  }

  @Override
  public float[] processOutput(TranslatorContext ctx, NDList outputs) {
    NDArray probabilities = outputs.get(outputKey);
    if (probabilities == null) {
      throw new IllegalStateException(
          "model output has no '"
              + outputKey
              + "', only "
              + outputs.getShapes().length
              + " arrays");
    }
    Shape expected = new Shape(1, classes);
    if (!probabilities.getShape().equals(expected)
        || probabilities.getDataType() != DataType.FLOAT32) {
      throw new IllegalStateException(
          "model output '"
              + outputKey
              + "' is "
              + probabilities.getDataType()
              + probabilities.getShape()
              + ", expected float32"
              + expected);
    }
    float[] scores = probabilities.toFloatArray();
    for (float score : scores) {
      if (!Float.isFinite(score)) {
        throw new IllegalStateException("model output '" + outputKey + "' is not finite: " + score);
      }
    }
    return scores;
  }

  @Override
  public Batchifier getBatchifier() {
    return null;
  }
}
