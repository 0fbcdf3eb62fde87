package io.inferedge.inference.frame;

/** How a frame arrives in a request body. */
public enum FrameEncoding {
  /** A PNG image of any size and colour type ({@code image/png}). */
  PNG,
  /** Exactly 64 x 64 unsigned grey bytes, row-major ({@code application/octet-stream}). */
  RAW_GREY
}
