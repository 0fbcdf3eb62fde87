package io.inferedge.inference.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.translate.Batchifier;
import ai.djl.translate.Translator;
import ai.djl.translate.TranslatorContext;
import java.util.Arrays;

/**
 * DJL pre- and post-processing for one signature of the zoo's SavedModels: one named float32 tensor
 * in, one named float32 tensor out, the batch axis inside the tensors.
 *
 * <p>Input: a {@link Tensor}, e.g. a frame resized to the plan's side S as {@code [n, S, S, 1]}
 * (NHWC grey, 0..1) for {@code full} and {@code head_k}, or the activation of block k as {@code [n,
 * ceil(S/2^k), ceil(S/2^k), channels]} for {@code tail_k}. It becomes one NDArray named after the
 * signature's input key, because a SavedModel signature matches inputs by name.
 *
 * <p>Output: the signature's output named by the output key (DJL returns every output, ordered by
 * key), float32 {@code [n, ...]}: the activation for {@code head_k}, the softmax {@code [n,
 * classes]} for {@code full} and {@code tail_k}. Non-finite values are refused: they would become
 * nonsense labels.
 *
 * <p>There is no {@link Batchifier}: the batch axis is part of the tensor, so DJL runs no
 * stack/unstack operations around the forward pass (the server tier's batcher stacks frames
 * itself). Every array lives in the per-call manager of the {@link TranslatorContext}, which DJL
 * closes after each prediction. Stateless and thread-safe.
 */
final class TensorTranslator implements Translator<Tensor, Tensor> {

  private final String signature;
  private final String inputKey;
  private final String outputKey;

  TensorTranslator(String signature, String inputKey, String outputKey) {
    this.signature = signature;
    this.inputKey = inputKey;
    this.outputKey = outputKey;
  }

  @Override
  public NDList processInput(TranslatorContext ctx, Tensor input) {
    long[] shape = Arrays.stream(input.shape()).asLongStream().toArray();
    NDArray array = ctx.getNDManager().create(input.data(), new Shape(shape));
    array.setName(inputKey);
    return new NDList(array);
  }

  @Override
  public Tensor processOutput(TranslatorContext ctx, NDList outputs) {
    NDArray output = outputs.get(outputKey);
    if (output == null) {
      throw new IllegalStateException(
          "signature " + signature + " has no output '" + outputKey + "'");
    }
    if (output.getDataType() != DataType.FLOAT32) {
      throw new IllegalStateException(
          "signature "
              + signature
              + " output '"
              + outputKey
              + "' is "
              + output.getDataType()
              + ", expected float32");
    }
    float[] values = output.toFloatArray();
    for (float value : values) {
      if (!Float.isFinite(value)) {
        throw new IllegalStateException(
            "signature " + signature + " output '" + outputKey + "' is not finite: " + value);
      }
    }
    int[] shape = Arrays.stream(output.getShape().getShape()).mapToInt(Math::toIntExact).toArray();
    return new Tensor(values, shape);
  }

  @Override
  public Batchifier getBatchifier() {
    return null;
  }
}
