package io.inferedge.inference.model;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A dense float32 tensor: values in row-major (C) order and the shape, batch axis first where there
 * is one (the zoo's tensors are NHWC {@code [batch, height, width, channels]} or {@code [batch,
 * classes]}).
 *
 * <p>Immutable by convention: neither array is copied (tensors are built once per request and
 * handed straight to the engine or the wire), so nobody may write to them after construction.
 * Thread-safe under that convention.
 *
 * @param data the values, {@code product(shape)} of them
 * @param shape the size of each axis, each >= 1
 */
public record Tensor(float[] data, int[] shape) {

  public Tensor {
    if (shape == null || shape.length == 0) {
      throw new IllegalArgumentException("shape must have at least one axis");
    }
    long size = 1;
    for (int axis : shape) {
      if (axis < 1) {
        throw new IllegalArgumentException(
            "shape must have axes >= 1, was " + Arrays.toString(shape));
      }
      size *= axis;
    }
    if (data == null || data.length != size) {
      throw new IllegalArgumentException(
          "data must hold "
              + size
              + " values for shape "
              + Arrays.toString(shape)
              + ", was "
              + (data == null ? "null" : data.length));
    }
  }

  /** Number of values, the product of the shape. */
  public int size() {
    return data.length;
  }

  /** The size of the first (batch) axis. */
  public int batch() {
    return shape[0];
  }

  /** The shape as text, e.g. {@code 1,32,32,12} (the {@code X-Tensor-Shape} header's form). */
  public String shapeText() {
    StringBuilder text = new StringBuilder();
    for (int i = 0; i < shape.length; i++) {
      text.append(i == 0 ? "" : ",").append(shape[i]);
    }
    return text.toString();
  }

  /**
   * Stacks tensors of equal shape {@code [1, ...]} along the batch axis into {@code [n, ...]}.
   *
   * @throws IllegalArgumentException when the list is empty or the shapes differ or are not batch 1
   */
  public static Tensor stack(List<Tensor> tensors) {
    if (tensors.isEmpty()) {
      throw new IllegalArgumentException("tensors must not be empty");
    }
    int[] one = tensors.get(0).shape;
    if (one[0] != 1) {
      throw new IllegalArgumentException("tensors must have batch 1, was " + Arrays.toString(one));
    }
    int per = tensors.get(0).size();
    float[] data = new float[per * tensors.size()];
    for (int i = 0; i < tensors.size(); i++) {
      Tensor t = tensors.get(i);
      if (!Arrays.equals(t.shape, one)) {
        throw new IllegalArgumentException(
            "tensors must share shape "
                + Arrays.toString(one)
                + ", tensor "
                + i
                + " was "
                + Arrays.toString(t.shape));
      }
      System.arraycopy(t.data, 0, data, i * per, per);
    }
    int[] shape = one.clone();
    shape[0] = tensors.size();
    return new Tensor(data, shape);
  }

  /** Splits a tensor {@code [n, ...]} into n tensors {@code [1, ...]}, the inverse of stack. */
  public List<Tensor> unstack() {
    int n = shape[0];
    int per = data.length / n;
    int[] one = shape.clone();
    one[0] = 1;
    List<Tensor> parts = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      parts.add(new Tensor(Arrays.copyOfRange(data, i * per, (i + 1) * per), one.clone()));
    }
    return parts;
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof Tensor t
        && Arrays.equals(shape, t.shape)
        && Arrays.equals(data, t.data);
  }

  @Override
  public int hashCode() {
    return 31 * Arrays.hashCode(shape) + Arrays.hashCode(data);
  }

  @Override
  public String toString() {
    return "Tensor[" + shapeText() + "]";
  }
}
