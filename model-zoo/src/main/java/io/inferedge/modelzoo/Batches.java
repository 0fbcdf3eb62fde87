package io.inferedge.modelzoo;

import java.util.List;

/**
 * Packs frames into the flat NHWC float layout the models take ({@code [n, side, side, 1]}, values
 * in [0, 1]), area-downscaling each frame to {@code side}.
 *
 * <p>Stateless and thread-safe.
 */
final class Batches {

  private Batches() {}

  static float[] pixels(List<Frame> frames, int side) {
    float[] out = new float[frames.size() * side * side];
    int offset = 0;
    for (Frame frame : frames) {
      float[] resized = Frames.resizeArea(frame.toFloats(), frame.side(), side);
      System.arraycopy(resized, 0, out, offset, resized.length);
      offset += resized.length;
    }
    return out;
  }

  static int[] labels(List<Frame> frames) {
    int[] out = new int[frames.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = frames.get(i).label();
    }
    return out;
  }
}
