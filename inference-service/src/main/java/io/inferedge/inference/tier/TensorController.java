package io.inferedge.inference.tier;

import io.inferedge.inference.InferenceProperties;
import io.inferedge.inference.TierRole;
import io.inferedge.inference.WrongRoleException;
import io.inferedge.inference.model.LoadedModel;
import io.inferedge.inference.model.ModelManifest;
import io.inferedge.inference.model.ModelRegistry;
import io.inferedge.inference.model.Tensor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The server tier's endpoint: {@code POST /api/v1/tensors?model=small&cut=2} with a tensor body
 * ({@value TensorCodec#MEDIA_TYPE}, headers {@code X-Tensor-Shape: 1,16,16,24}, {@code
 * X-Tensor-Dtype: float32|int8} and, for int8, {@code X-Tensor-Scale}) runs the rest of the model
 * on it and answers the class probabilities with the server's queue and compute time.
 *
 * <p>Everything about the tensor is checked before any work, each fault a problem naming its field:
 * the model and cut (422 when the model does not have them as a split), the dtype and shape headers
 * (400 when malformed; 422 when the shape is not this cut's tensor at one of the model's
 * resolutions, batch 1), the scale (400 when missing for int8, not a finite float > 0, or sent with
 * float32) and the body's byte count (400). Only a server-role instance serves it (409 otherwise).
 */
@RestController
@RequestMapping("/api/v1/tensors")
final class TensorController {

  private final ModelRegistry registry;
  private final TailExecutor tails;
  private final TierRole role;

  TensorController(ModelRegistry registry, TailExecutor tails, InferenceProperties properties) {
    this.registry = registry;
    this.tails = tails;
    this.role = properties.role();
  }

  /**
   * The answer for one tensor.
   *
   * @param probabilities class probabilities, indexed by label
   * @param serverQueueMicros from the tensor's arrival in its batch queue to the start of its batch
   * @param serverComputeMicros wall time of the batched predictor call
   * @param batchSize how many tensors that call ran
   */
  record TailResponse(
      float[] probabilities, long serverQueueMicros, long serverComputeMicros, int batchSize) {}

  @PostMapping(consumes = TensorCodec.MEDIA_TYPE, produces = MediaType.APPLICATION_JSON_VALUE)
  TailResponse run(
      @RequestParam("model") String modelName,
      @RequestParam("cut") int cut,
      @RequestHeader(name = TensorCodec.SHAPE_HEADER, required = false) String shapeText,
      @RequestHeader(name = TensorCodec.DTYPE_HEADER, required = false) String dtypeText,
      @RequestHeader(name = TensorCodec.SCALE_HEADER, required = false) String scaleText,
      @RequestBody(required = false) byte[] body) {
    if (role != TierRole.SERVER) {
      throw new WrongRoleException(
          role, "tensors go to a server-role instance (infer-edge.inference.role=server)");
    }
    LoadedModel model = registry.find(modelName);
    if (model == null) {
      throw TensorRejectedException.unsupported(
          "model",
          "model '"
              + modelName
              + "' is not loaded here; this server tier has "
              + registry.models().stream().map(m -> m.manifest().name()).toList());
    }
    ModelManifest manifest = model.manifest();
    ModelManifest.CutPoint point = manifest.cutPoint(cut);
    if (point == null || cut >= manifest.blocks() || !manifest.cuts().contains(cut)) {
      throw TensorRejectedException.unsupported(
          "cut",
          "model "
              + modelName
              + " has no split after block "
              + cut
              + "; its split cuts are "
              + manifest.cutPoints().stream()
                  .map(ModelManifest.CutPoint::cut)
                  .filter(c -> c < manifest.blocks())
                  .toList());
    }
    TensorCodec.Dtype dtype = parseDtype(dtypeText);
    int[] shape = parseShape(shapeText);
    requireCutShape(manifest, point, shape);
    Float scale = parseScale(dtype, scaleText);
    byte[] bytes = body == null ? new byte[0] : body;
    long expected = (long) TensorCodec.count(shape) * dtype.bytesPerValue();
    if (bytes.length != expected) {
      throw TensorRejectedException.malformed(
          "body",
          "a "
              + dtype.wireName()
              + " tensor of shape "
              + shapeText
              + " takes "
              + expected
              + " bytes, the body has "
              + bytes.length);
    }
    Tensor tensor = TensorCodec.decode(new TensorCodec.Encoded(bytes, shape, dtype, scale));
    for (float value : tensor.data()) {
      if (!Float.isFinite(value)) {
        throw TensorRejectedException.malformed(
            "body", "the tensor holds a value that is not finite: " + value);
      }
    }
    TailExecutor.TailResult result = tails.run(model, cut, point.server(), tensor);
    return new TailResponse(
        result.probabilities(), result.queueMicros(), result.computeMicros(), result.batchSize());
  }

  private static TensorCodec.Dtype parseDtype(String text) {
    if (text == null || text.isBlank()) {
      throw TensorRejectedException.malformed(
          TensorCodec.DTYPE_HEADER, TensorCodec.DTYPE_HEADER + " is required: float32 or int8");
    }
    TensorCodec.Dtype dtype = TensorCodec.Dtype.parse(text.trim());
    if (dtype == null) {
      throw TensorRejectedException.malformed(
          TensorCodec.DTYPE_HEADER,
          TensorCodec.DTYPE_HEADER + " must be float32 or int8, was '" + text + "'");
    }
    return dtype;
  }

  static int[] parseShape(String text) {
    if (text == null || text.isBlank()) {
      throw TensorRejectedException.malformed(
          TensorCodec.SHAPE_HEADER,
          TensorCodec.SHAPE_HEADER + " is required, e.g. 1,32,32,12 (NHWC, batch 1)");
    }
    String[] parts = text.split(",", -1);
    if (parts.length > 8) {
      throw TensorRejectedException.malformed(
          TensorCodec.SHAPE_HEADER,
          TensorCodec.SHAPE_HEADER + " has " + parts.length + " axes, at most 8");
    }
    int[] shape = new int[parts.length];
    for (int i = 0; i < parts.length; i++) {
      try {
        shape[i] = Integer.parseInt(parts[i].trim());
      } catch (NumberFormatException e) {
        shape[i] = -1;
      }
      if (shape[i] < 1) {
        throw TensorRejectedException.malformed(
            TensorCodec.SHAPE_HEADER,
            TensorCodec.SHAPE_HEADER
                + " must be positive integers separated by commas, e.g. 1,32,32,12, was '"
                + text
                + "'");
      }
    }
    if (TensorCodec.count(shape) < 0) {
      throw TensorRejectedException.malformed(
          TensorCodec.SHAPE_HEADER, TensorCodec.SHAPE_HEADER + " is too large: '" + text + "'");
    }
    return shape;
  }

  /** The shape must be the cut's tensor for one frame at one of the model's resolutions. */
  private static void requireCutShape(
      ModelManifest manifest, ModelManifest.CutPoint point, int[] shape) {
    Map<Integer, String> allowed = new TreeMap<>();
    for (Integer side : point.shape().keySet()) {
      int[] expected = point.shapeAt(side);
      if (expected == null) {
        continue;
      }
      if (Arrays.equals(expected, shape)) {
        return;
      }
      allowed.put(side, Arrays.toString(expected));
    }
    List<String> options = new ArrayList<>();
    allowed.forEach((side, s) -> options.add(s + " at " + side + " px"));
    throw TensorRejectedException.unsupported(
        TensorCodec.SHAPE_HEADER,
        TensorCodec.SHAPE_HEADER
            + " "
            + Arrays.toString(shape)
            + " is not the tensor model "
            + manifest.name()
            + " sends at cut "
            + point.cut()
            + (shape.length > 0 && shape[0] != 1 ? " (the batch must be 1)" : "")
            + "; expected one of "
            + options);
  }

  private static Float parseScale(TensorCodec.Dtype dtype, String text) {
    if (dtype == TensorCodec.Dtype.FLOAT32) {
      if (text != null) {
        throw TensorRejectedException.malformed(
            TensorCodec.SCALE_HEADER, TensorCodec.SCALE_HEADER + " goes only with int8 tensors");
      }
      return null;
    }
    if (text == null || text.isBlank()) {
      throw TensorRejectedException.malformed(
          TensorCodec.SCALE_HEADER,
          TensorCodec.SCALE_HEADER + " is required for int8 tensors (value = q * scale)");
    }
    float scale;
    try {
      scale = Float.parseFloat(text.trim());
    } catch (NumberFormatException e) {
      scale = Float.NaN;
    }
    if (!(scale > 0) || !Float.isFinite(scale)) {
      throw TensorRejectedException.malformed(
          TensorCodec.SCALE_HEADER,
          TensorCodec.SCALE_HEADER + " must be a finite number > 0, was '" + text + "'");
    }
    return scale;
  }
}
