package io.inferedge.inference.tier;

import io.inferedge.contracts.Plan;
import io.inferedge.inference.model.Tensor;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * The wire format of a tensor between the tiers ({@value #MEDIA_TYPE}): the values as the body, the
 * shape, dtype and (int8 only) scale in headers.
 *
 * <ul>
 *   <li>{@code float32}: 4 bytes per value, little-endian IEEE 754, exactly what the head produced.
 *   <li>{@code int8}: symmetric quantisation with one scale per tensor, {@code scale = max|x| /
 *       127}, {@code q = round(x / scale)} in [-127, 127], one signed byte per value; the receiver
 *       reads {@code x' = q * scale}, so {@code |x - x'| <= scale / 2}. A quarter of the bytes,
 *       plus the 4-byte scale. An all-zero tensor gets scale 1 (any scale decodes its zeros).
 * </ul>
 *
 * <p>Stateless and thread-safe.
 */
public final class TensorCodec {

  /** The content type of a tensor body. */
  public static final String MEDIA_TYPE = "application/vnd.infer-edge.tensor";

  /** Header with the comma-separated shape, batch axis first, e.g. {@code 1,32,32,12}. */
  public static final String SHAPE_HEADER = "X-Tensor-Shape";

  /** Header with the dtype: {@code float32} or {@code int8}. */
  public static final String DTYPE_HEADER = "X-Tensor-Dtype";

  /** Header with the int8 scale, a finite float > 0 ({@code value = q * scale}). */
  public static final String SCALE_HEADER = "X-Tensor-Scale";

  /** Bytes the int8 scale adds to what a frame sends (it travels as a 4-byte float). */
  static final int SCALE_BYTES = 4;

  private TensorCodec() {}

  /** The element types a tensor travels in. */
  public enum Dtype {
    FLOAT32("float32", 4),
    INT8("int8", 1);

    private final String wireName;
    private final int bytesPerValue;

    Dtype(String wireName, int bytesPerValue) {
      this.wireName = wireName;
      this.bytesPerValue = bytesPerValue;
    }

    /** The header value, e.g. {@code float32}. */
    public String wireName() {
      return wireName;
    }

    int bytesPerValue() {
      return bytesPerValue;
    }

    /** The dtype a plan's precision sends. */
    static Dtype of(Plan.Precision precision) {
      return precision == Plan.Precision.INT8 ? INT8 : FLOAT32;
    }

    /** The dtype named {@code wireName}, or null when there is none. */
    static Dtype parse(String wireName) {
      for (Dtype dtype : values()) {
        if (dtype.wireName.equals(wireName)) {
          return dtype;
        }
      }
      return null;
    }
  }

  /**
   * A tensor as it crosses the link.
   *
   * @param body the values in the dtype's encoding
   * @param shape the tensor's shape
   * @param dtype the encoding of the values
   * @param scale the int8 scale, null for float32
   */
  public record Encoded(byte[] body, int[] shape, Dtype dtype, Float scale) {

    /** What the device tier sends for this tensor: the body plus, for int8, the scale. */
    public long bytesSent() {
      return body.length + (scale == null ? 0 : SCALE_BYTES);
    }

    /** The shape as header text. */
    public String shapeText() {
      StringBuilder text = new StringBuilder();
      for (int i = 0; i < shape.length; i++) {
        text.append(i == 0 ? "" : ",").append(shape[i]);
      }
      return text.toString();
    }
  }

  /** Encodes {@code tensor} in the precision a plan asks for. */
  public static Encoded encode(Tensor tensor, Plan.Precision precision) {
    return Dtype.of(precision) == Dtype.INT8 ? encodeInt8(tensor) : encodeFloat32(tensor);
  }

  static Encoded encodeFloat32(Tensor tensor) {
    ByteBuffer buffer = ByteBuffer.allocate(tensor.size() * 4).order(ByteOrder.LITTLE_ENDIAN);
    buffer.asFloatBuffer().put(tensor.data());
    return new Encoded(buffer.array(), tensor.shape().clone(), Dtype.FLOAT32, null);
  }

  static Encoded encodeInt8(Tensor tensor) {
    float[] values = tensor.data();
    float max = 0;
    for (float value : values) {
      if (!Float.isFinite(value)) {
        throw new IllegalArgumentException("tensor must be finite to quantise, has " + value);
      }
      max = Math.max(max, Math.abs(value));
    }
    float scale = max > 0 ? max / 127f : 1f;
    byte[] body = new byte[values.length];
    for (int i = 0; i < values.length; i++) {
      body[i] = (byte) Math.max(-127, Math.min(127, Math.round(values[i] / scale)));
    }
    return new Encoded(body, tensor.shape().clone(), Dtype.INT8, scale);
  }

  /**
   * Decodes a body whose shape, dtype, length and scale the caller has checked.
   *
   * @throws IllegalArgumentException when the body length does not fit the shape and dtype
   */
  public static Tensor decode(Encoded encoded) {
    int count = count(encoded.shape());
    byte[] body = encoded.body();
    if ((long) count * encoded.dtype().bytesPerValue() != body.length) {
      throw new IllegalArgumentException(
          "body must hold "
              + (long) count * encoded.dtype().bytesPerValue()
              + " bytes, was "
              + body.length);
    }
    float[] values = new float[count];
    if (encoded.dtype() == Dtype.FLOAT32) {
      ByteBuffer.wrap(body).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(values);
    } else {
      float scale = encoded.scale();
      for (int i = 0; i < count; i++) {
        values[i] = body[i] * scale;
      }
    }
    return new Tensor(values, encoded.shape().clone());
  }

  /** The number of values of a tensor of {@code shape}, or -1 when it overflows an int. */
  static int count(int[] shape) {
    long count = 1;
    for (int axis : shape) {
      count *= axis;
      if (count > Integer.MAX_VALUE) {
        return -1;
      }
    }
    return (int) count;
  }
}
