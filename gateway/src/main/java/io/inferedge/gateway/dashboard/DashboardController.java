package io.inferedge.gateway.dashboard;

import io.inferedge.contracts.Plan;
import io.inferedge.contracts.StreamRequirements;
import io.inferedge.gateway.stream.DecisionEntry;
import io.inferedge.gateway.stream.LiveState;
import io.inferedge.gateway.stream.LiveStates;
import io.inferedge.gateway.stream.StreamRegistration;
import io.inferedge.gateway.stream.StreamRegistry;
import io.inferedge.policy.profile.LinkProfile;
import io.inferedge.support.web.BadRequestException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.view.RedirectView;

/**
 * The dashboard's small JSON API ({@code /dashboard/api/**}, polled by the page about once a
 * second; behind the dashboard's session login, see the gateway's security package): the streams
 * table, one stream's time series, the trade-off view, policy versions with rollback (admin), and
 * tier health. Everything is read from what the gateway holds in memory (registrations, live state
 * and decision log, {@link FrameTimeline}, {@link OutcomeWindows}) or asked of the service that
 * owns it (policy-service's versions; health). The page itself is static ({@code
 * static/dashboard/}).
 */
@RestController
@RequestMapping("/dashboard")
final class DashboardController {

  /** How far back the charts look. */
  static final int MAX_SECONDS = 600;

  /** Outcomes shown per stream in the table. */
  static final int LAST_OUTCOMES = 5;

  private final StreamRegistry registry;
  private final LiveStates live;
  private final FrameTimeline timeline;
  private final OutcomeWindows outcomes;
  private final TradeOffs tradeOffs;
  private final LinkProfile link;
  private final TierHealth health;
  private final PolicyVersions policies;
  private final Clock clock;

  DashboardController(
      StreamRegistry registry,
      LiveStates live,
      FrameTimeline timeline,
      OutcomeWindows outcomes,
      TradeOffs tradeOffs,
      LinkProfile link,
      TierHealth health,
      PolicyVersions policies,
      Clock clock) {
    this.registry = registry;
    this.live = live;
    this.timeline = timeline;
    this.outcomes = outcomes;
    this.tradeOffs = tradeOffs;
    this.link = link;
    this.health = health;
    this.policies = policies;
    this.clock = clock;
  }

  @GetMapping({"", "/"})
  RedirectView page() {
    return new RedirectView("/dashboard/index.html");
  }

  /** The last outcome of a frame, as the table shows it. */
  record LastOutcome(
      long frameSeq,
      String configId,
      double latencyMs,
      Boolean correct,
      double energyMillijoules) {}

  /**
   * One row of the streams table.
   *
   * @param registered false for a stream that sent frames without registering (served balanced)
   * @param plan the plan of the last decision, null before any
   * @param frames frames answered in the window
   * @param reusedShare the share of those answered from the last result (frame skip)
   * @param accuracy correct share of the window's outcomes with ground truth, null without any
   */
  record StreamRow(
      String streamId,
      boolean registered,
      String profile,
      StreamRequirements requirements,
      String plan,
      String policySource,
      String policyVersion,
      Double bandwidthMbps,
      int frames,
      double reusedShare,
      Double lastLatencyMs,
      Double accuracy,
      Double energyMillijoulesMean,
      List<LastOutcome> lastOutcomes) {}

  @GetMapping("/api/streams")
  Map<String, Object> streams(@RequestParam(defaultValue = "60") int seconds) {
    long since = clock.millis() - window(seconds) * 1000L;
    TreeSet<String> ids = new TreeSet<>();
    registry.all().forEach(r -> ids.add(r.streamId()));
    List<FrameTimeline.Sample> samples = timeline.all();
    samples.forEach(s -> ids.add(s.streamId()));
    List<StreamRow> rows = new ArrayList<>();
    for (String id : ids) {
      var registration = registry.find(id);
      var state = live.find(id);
      List<DecisionEntry> decisions = state.map(LiveState::decisions).orElse(List.of());
      DecisionEntry last = decisions.isEmpty() ? null : decisions.get(decisions.size() - 1);
      int frames = 0;
      int reused = 0;
      FrameTimeline.Sample latest = null;
      for (FrameTimeline.Sample s : samples) {
        if (s.streamId().equals(id) && s.atMillis() >= since) {
          frames++;
          reused += s.reused() ? 1 : 0;
          if (!s.reused()) {
            latest = s; // reused answers take no inference: the column shows executed frames
          }
        }
      }
      List<OutcomeWindows.Point> window = outcomes.of(id, since);
      int known = 0;
      int correct = 0;
      double energy = 0;
      for (OutcomeWindows.Point p : window) {
        energy += p.energyMillijoules();
        if (p.correct() != null) {
          known++;
          correct += p.correct() ? 1 : 0;
        }
      }
      rows.add(
          new StreamRow(
              id,
              registration.isPresent(),
              registration.map(StreamRegistration::profile).orElse(null),
              registry.requirements(id),
              last == null ? null : last.configId(),
              last == null ? null : last.policySource(),
              last == null ? null : last.policyVersion(),
              // What the policy sees now (a stale measurement moves toward the link profile's).
              state.map(st -> st.bandwidthMbps(System.nanoTime())).orElse(null),
              frames,
              frames == 0 ? 0 : reused / (double) frames,
              latest == null ? null : latest.gatewayMicros() / 1000.0,
              known == 0 ? null : correct / (double) known,
              window.isEmpty() ? null : energy / window.size(),
              outcomes.last(id, LAST_OUTCOMES).stream()
                  .map(
                      p ->
                          new LastOutcome(
                              p.frameSeq(),
                              p.configId(),
                              p.latencyMs(),
                              p.correct(),
                              p.energyMillijoules()))
                  .toList()));
    }
    return Map.of("atMillis", clock.millis(), "streams", rows);
  }

  /**
   * One stream's series on one time axis (epoch seconds, as uPlot takes them): per answered frame
   * the gateway latency; per decision the plan's parts and the bandwidth estimate it was made on;
   * per outcome correctness, energy and end-to-end latency. Column arrays, one per field.
   */
  @GetMapping("/api/streams/{streamId}/series")
  Map<String, Object> series(
      @PathVariable String streamId, @RequestParam(defaultValue = "120") int seconds) {
    long since = clock.millis() - window(seconds) * 1000L;
    Map<String, Object> frames = columns("t", "latencyMs", "reused");
    for (FrameTimeline.Sample s : timeline.of(streamId, since)) {
      add(frames, "t", s.atMillis() / 1000.0);
      add(frames, "latencyMs", s.gatewayMicros() / 1000.0);
      add(frames, "reused", s.reused() ? 1 : 0);
    }
    Map<String, Object> decisions =
        columns("t", "configId", "model", "cut", "resolution", "skip", "bandwidthMbps", "source");
    List<DecisionEntry> log = live.find(streamId).map(LiveState::decisions).orElse(List.of());
    for (DecisionEntry d : log) {
      if (d.decidedAt().toEpochMilli() < since) {
        continue;
      }
      Plan plan = Plan.parse(d.configId());
      add(decisions, "t", d.decidedAt().toEpochMilli() / 1000.0);
      add(decisions, "configId", d.configId());
      add(decisions, "model", plan.modelVersion());
      add(decisions, "cut", plan.cutPoint());
      add(decisions, "resolution", plan.inputResolution());
      add(decisions, "skip", plan.frameSkip());
      add(decisions, "bandwidthMbps", d.state().bandwidthMbps());
      add(decisions, "source", d.policySource());
    }
    Map<String, Object> outcome = columns("t", "correct", "energyMillijoules", "latencyMs");
    for (OutcomeWindows.Point p : outcomes.of(streamId, since)) {
      add(outcome, "t", p.atMillis() / 1000.0);
      add(outcome, "correct", p.correct() == null ? null : p.correct() ? 1 : 0);
      add(outcome, "energyMillijoules", p.energyMillijoules());
      add(outcome, "latencyMs", p.latencyMs());
    }
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("streamId", streamId);
    body.put("sloMillis", registry.requirements(streamId).latencySloMillis());
    body.put("frames", frames);
    body.put("decisions", decisions);
    body.put("outcomes", outcome);
    return body;
  }

  /**
   * Every configuration of the measured profile over the stream's current link estimate (the link
   * profile's when the stream has none or no stream is given), with the stream's chosen ones.
   */
  @GetMapping("/api/tradeoff")
  Map<String, Object> tradeOff(@RequestParam(required = false) String streamId) {
    double bandwidth = link.bandwidthMbps();
    double rtt = link.rttMs();
    List<String> chosen = new ArrayList<>();
    if (streamId != null) {
      var state = live.find(streamId);
      if (state.isPresent()) {
        long now = System.nanoTime();
        bandwidth = state.get().bandwidthMbps(now);
        rtt = state.get().rttMs(now);
        state.get().decisions().forEach(d -> chosen.add(d.configId()));
      }
    }
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("streamId", streamId);
    body.put("bandwidthMbps", bandwidth);
    body.put("rttMs", rtt);
    body.put("decisions", chosen.size());
    body.put("points", tradeOffs.points(bandwidth, rtt, chosen));
    return body;
  }

  @GetMapping("/api/health")
  TierHealth.Snapshot health() {
    return health.current();
  }

  /** policy-service's versions (with their evaluations) and activation history. */
  @GetMapping("/api/policies")
  Map<String, Object> policies() {
    return policies.overview();
  }

  /** Rolls back to the previous version (admin only, see the security chain). */
  @PostMapping("/api/policies/rollback")
  ResponseEntity<byte[]> rollback() {
    return policies.rollback();
  }

  private static int window(int seconds) {
    if (seconds < 1 || seconds > MAX_SECONDS) {
      throw new BadRequestException(
          "seconds", "seconds must be between 1 and " + MAX_SECONDS + ", was " + seconds);
    }
    return seconds;
  }

  private static Map<String, Object> columns(String... names) {
    Map<String, Object> columns = new LinkedHashMap<>();
    for (String name : names) {
      columns.put(name, new ArrayList<>());
    }
    return columns;
  }

  @SuppressWarnings("unchecked")
  private static void add(Map<String, Object> columns, String name, Object value) {
    ((List<Object>) columns.get(name)).add(value);
  }
}
