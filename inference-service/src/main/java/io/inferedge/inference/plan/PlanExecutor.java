package io.inferedge.inference.plan;

import io.inferedge.contracts.Plan;
import io.inferedge.inference.InferenceProperties;
import io.inferedge.inference.frame.FrameDecoder;
import io.inferedge.inference.frame.FrameEncoding;
import io.inferedge.inference.frame.GreyFrame;
import io.inferedge.inference.link.EmulatedLink;
import io.inferedge.inference.model.LoadedModel;
import io.inferedge.inference.model.ModelManifest;
import io.inferedge.inference.model.ModelRegistry;
import io.inferedge.inference.model.PlanNotSupportedException;
import io.inferedge.inference.model.PredictorLease;
import io.inferedge.inference.model.Tensor;
import io.inferedge.inference.power.BusyIntervals;
import io.inferedge.inference.tier.Pause;
import io.inferedge.inference.tier.ServerTierClient;
import io.inferedge.inference.tier.TensorCodec;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.springframework.stereotype.Component;

/**
 * Executes a plan for one frame on a device-role instance. It resolves the plan's model and cut
 * (unknown models, cuts the model does not have and split plans without a server tier are refused
 * before any work), decodes the body and resizes it to the plan's resolution, then:
 *
 * <ul>
 *   <li>cut = blocks: runs {@code full} here;
 *   <li>0 &lt; cut &lt; blocks: runs {@code head_k} here and sends the activation to the server
 *       tier, which runs {@code tail_k};
 *   <li>cut 0: sends the resized frame tensor itself (no device compute); the server runs {@code
 *       full}.
 * </ul>
 *
 * <p>Emulation (DESIGN section 5), slept so that latency is wall time: after the real compute time
 * t on this host the device profile's slowdown adds {@code (slowdown - 1) * t}, holding the
 * predictor as a slower device would; an emulated link adds {@code rtt + bytes * 8 / bandwidth} (a
 * trace-driven link's row in force at the moment of sending, see {@link EmulatedLink}) before the
 * tensor is sent (bytes = what is sent, see {@link TensorCodec.Encoded#bytesSent()}). The transfer
 * time is the measured round trip minus the server's queue and compute time (which the server
 * reports), plus the emulated link. The tensor travels as fp32 or, for {@code /q8} plans, as int8
 * with one scale.
 *
 * <p>The device compute interval, stamped with the injected {@link Clock}, spans the whole device
 * compute including the emulated slowdown; it is recorded in {@link BusyIntervals} (which drives
 * the power model where no sensor is readable) and published so telemetry integrates device power
 * over it.
 *
 * <p>Thread-safe: stateless apart from the registry and the client, which are.
 */
@Component
final class PlanExecutor {

  private final ModelRegistry registry;
  private final ServerTierClient server;
  private final Clock clock;
  private final BusyIntervals busy;
  private final InferenceProperties.DeviceProfile device;
  private final EmulatedLink link;
  private final FrameDecoder decoder = new FrameDecoder();

  PlanExecutor(
      ModelRegistry registry,
      ServerTierClient server,
      InferenceProperties properties,
      Clock clock,
      BusyIntervals busy) {
    this.registry = registry;
    this.server = server;
    this.clock = clock;
    this.busy = busy;
    this.device = properties.device();
    this.link = new EmulatedLink(properties.link(), System.nanoTime());
  }

  Execution execute(Plan plan, FrameEncoding encoding, byte[] body) {
    long started = System.nanoTime();
    LoadedModel model = registry.resolve(plan);
    ModelManifest manifest = model.manifest();
    int cut = plan.cutPoint();
    boolean split = !manifest.isDeviceOnly(cut);
    ModelManifest.CutPoint point = split ? requireSplit(manifest, plan) : null;

    long preprocessStarted = System.nanoTime();
    GreyFrame frame = decoder.decode(encoding, body).resizedTo(plan.inputResolution());
    Tensor input = PredictorLease.frameTensor(frame);
    long preprocessed = System.nanoTime();

    Tensor onDevice;
    Instant computeStartedAt = clock.instant();
    long computeNanos = 0;
    long emulatedDeviceNanos = 0;
    if (cut == 0) {
      onDevice = input;
    } else {
      String signature = split ? point.device() : manifest.fullSignature();
      try (PredictorLease predictor = model.acquire(signature)) {
        computeStartedAt = clock.instant();
        BusyIntervals.Busy computing = busy.begin(computeStartedAt);
        long computeStarted = System.nanoTime();
        try {
          onDevice = predictor.run(input);
          long measured = System.nanoTime() - computeStarted;
          emulatedDeviceNanos = Pause.sleep(Math.round((device.slowdown() - 1) * measured));
        } finally {
          computeNanos = System.nanoTime() - computeStarted;
          computing.end(computeStartedAt.plusNanos(computeNanos));
        }
      }
    }

    float[] probabilities;
    long transferNanos = 0;
    long emulatedLinkNanos = 0;
    long serverQueueMicros = 0;
    long serverComputeMicros = 0;
    long bytesSent = 0;
    Integer batchSize = null;
    if (split) {
      TensorCodec.Encoded encoded = TensorCodec.encode(onDevice, plan.precision());
      bytesSent = encoded.bytesSent();
      if (link.emulated()) {
        emulatedLinkNanos = Pause.sleep(link.transferNanos(bytesSent, System.nanoTime()));
      }
      ServerTierClient.Answer answer = server.send(manifest.name(), cut, encoded);
      probabilities = answer.probabilities();
      serverQueueMicros = answer.serverQueueMicros();
      serverComputeMicros = answer.serverComputeMicros();
      batchSize = answer.batchSize();
      long networkNanos =
          Math.max(0, answer.roundTripNanos() - (serverQueueMicros + serverComputeMicros) * 1_000);
      transferNanos = networkNanos + emulatedLinkNanos;
      if (probabilities.length != manifest.classes().size()) {
        throw new PlanNotSupportedException(
            "the server tier answered "
                + probabilities.length
                + " probabilities for model "
                + manifest.name()
                + ", which has "
                + manifest.classes().size()
                + " classes: the tiers serve different models");
      }
    } else {
      probabilities = onDevice.data();
    }

    List<Double> scores = new ArrayList<>(probabilities.length);
    int label = 0;
    for (int i = 0; i < probabilities.length; i++) {
      // float softmax can land a hair outside [0, 1]; the published record requires the interval.
      scores.add(Math.min(1.0, Math.max(0.0, probabilities[i])));
      if (probabilities[i] > probabilities[label]) {
        label = i;
      }
    }
    long finished = System.nanoTime();
    return new Execution(
        plan,
        manifest,
        scores,
        label,
        micros(preprocessed - preprocessStarted),
        micros(computeNanos),
        micros(emulatedDeviceNanos),
        micros(transferNanos),
        micros(emulatedLinkNanos),
        serverQueueMicros,
        serverComputeMicros,
        micros(finished - started),
        bytesSent,
        batchSize,
        computeStartedAt,
        computeStartedAt.plusNanos(computeNanos));
  }

  /**
   * The cut point of a split plan, refusing plans this device cannot split.
   *
   * @throws PlanNotSupportedException when the manifest does not describe the cut at the plan's
   *     resolution or no server tier is configured
   */
  private ModelManifest.CutPoint requireSplit(ModelManifest manifest, Plan plan) {
    ModelManifest.CutPoint point = manifest.splitPoint(plan.cutPoint());
    if (point.shapeAt(plan.inputResolution()) == null) {
      throw new PlanNotSupportedException(
          "plan "
              + plan.configId()
              + ": model "
              + manifest.name()
              + " describes no tensor for cut "
              + plan.cutPoint()
              + " at "
              + plan.inputResolution()
              + " px");
    }
    if (!server.isConfigured()) {
      throw new PlanNotSupportedException(
          "plan "
              + plan.configId()
              + " runs blocks after "
              + plan.cutPoint()
              + " of model "
              + manifest.name()
              + " on the server tier, but this device tier has no server tier"
              + " (set infer-edge.inference.server-url); use cut "
              + manifest.blocks()
              + " to run everything here");
    }
    return point;
  }

  /** A constant link's emulated time for {@code bytes}: rtt + bytes * 8 / bandwidth. */
  static long linkNanos(InferenceProperties.LinkProfile link, long bytes) {
    return EmulatedLink.transferNanos(link.bandwidthMbps(), link.rttMillis(), bytes);
  }

  private static long micros(long nanos) {
    return nanos / 1_000;
  }
}
