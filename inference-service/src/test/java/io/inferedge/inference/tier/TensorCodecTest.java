package io.inferedge.inference.tier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.inferedge.contracts.Plan;
import io.inferedge.inference.model.Tensor;
import java.util.Random;
import org.junit.jupiter.api.Test;

class TensorCodecTest {

  private static final int[] SHAPE = {1, 2, 2, 3};

  private static Tensor random(long seed, float range) {
    Random random = new Random(seed);
    float[] data = new float[12];
    for (int i = 0; i < data.length; i++) {
      data[i] = (random.nextFloat() * 2 - 1) * range;
    }
    return new Tensor(data, SHAPE.clone());
  }

  @Test
  void float32IsLittleEndianIeee754AndRoundTripsExactly() {
    Tensor tensor = random(1, 5);
    tensor.data()[0] = 1.0f; // 0x3F800000

    TensorCodec.Encoded encoded = TensorCodec.encode(tensor, Plan.Precision.FP32);

    assertThat(encoded.dtype()).isEqualTo(TensorCodec.Dtype.FLOAT32);
    assertThat(encoded.scale()).isNull();
    assertThat(encoded.body()).hasSize(48);
    assertThat(encoded.bytesSent()).isEqualTo(48);
    assertThat(encoded.shapeText()).isEqualTo("1,2,2,3");
    assertThat(
            new byte[] {encoded.body()[0], encoded.body()[1], encoded.body()[2], encoded.body()[3]})
        .containsExactly(0x00, 0x00, (byte) 0x80, 0x3F);
    assertThat(TensorCodec.decode(encoded)).isEqualTo(tensor);
  }

  @Test
  void int8UsesOneSymmetricScaleAndAQuarterOfTheBytes() {
    Tensor tensor = random(2, 3);
    tensor.data()[5] = -4.5f; // the largest magnitude

    TensorCodec.Encoded encoded = TensorCodec.encode(tensor, Plan.Precision.INT8);

    assertThat(encoded.dtype()).isEqualTo(TensorCodec.Dtype.INT8);
    assertThat(encoded.scale()).isCloseTo(4.5f / 127, within(1e-9f));
    assertThat(encoded.body()).hasSize(12);
    assertThat(encoded.bytesSent()).isEqualTo(12 + 4);
    assertThat(encoded.body()[5]).isEqualTo((byte) -127);
    Tensor decoded = TensorCodec.decode(encoded);
    assertThat(decoded.shape()).containsExactly(SHAPE);
    for (int i = 0; i < 12; i++) {
      assertThat(decoded.data()[i])
          .isCloseTo(tensor.data()[i], within(encoded.scale() / 2 + 1e-6f))
          .isEqualTo(encoded.body()[i] * encoded.scale());
    }
  }

  @Test
  void anAllZeroTensorQuantisesToZerosWithAPositiveScale() {
    Tensor zeros = new Tensor(new float[12], SHAPE.clone());

    TensorCodec.Encoded encoded = TensorCodec.encode(zeros, Plan.Precision.INT8);

    assertThat(encoded.scale()).isPositive();
    assertThat(TensorCodec.decode(encoded)).isEqualTo(zeros);
  }

  @Test
  void refusesToQuantiseNonFiniteValuesAndBodiesOfTheWrongLength() {
    Tensor bad = random(3, 1);
    bad.data()[0] = Float.NaN;
    assertThatThrownBy(() -> TensorCodec.encode(bad, Plan.Precision.INT8))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("finite");
    assertThatThrownBy(
            () ->
                TensorCodec.decode(
                    new TensorCodec.Encoded(new byte[47], SHAPE, TensorCodec.Dtype.FLOAT32, null)))
        .hasMessageContaining("48 bytes");
  }

  @Test
  void parsesOnlyTheTwoWireDtypes() {
    assertThat(TensorCodec.Dtype.parse("float32")).isEqualTo(TensorCodec.Dtype.FLOAT32);
    assertThat(TensorCodec.Dtype.parse("int8")).isEqualTo(TensorCodec.Dtype.INT8);
    assertThat(TensorCodec.Dtype.parse("float16")).isNull();
    assertThat(TensorCodec.Dtype.parse("FLOAT32")).isNull();
  }
}
