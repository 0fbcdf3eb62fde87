package io.inferedge.benchmarks;

import io.inferedge.contracts.Plan;
import io.inferedge.contracts.StreamRequirements;
import io.inferedge.contracts.Topics;
import io.inferedge.launcher.LocalPlatform;
import io.inferedge.launcher.Profiler;
import io.inferedge.launcher.ServiceProcess;
import io.inferedge.policy.a2c.PolicyArtifact;
import io.inferedge.policy.decision.PolicyChoice;
import io.inferedge.policy.decision.ServingPolicy;
import io.inferedge.policy.decision.StreamState;
import io.inferedge.policy.profile.Profile;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.InputStream;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;

/**
 * Issue 5, deliverable 6: a decision over HTTP ({@code POST /api/v1/decisions} of policy-service
 * with a stream state, so the active trained policy decides; target at most 1 ms at p50) versus the
 * same decision in-process ({@link ServingPolicy#decide}, what {@link DecisionBenchmark} measures
 * with JMH), in one run.
 *
 * <p>policy-service runs as a child JVM from its {@code -exec} jar with the launcher's options, on
 * a PostgreSQL (zonky, configured as the launcher's local mode) and a KRaft broker in this JVM. At
 * start it imports and activates its bootstrap policy ({@code policies/a2c.json}), the same
 * artefact the in-process side loads; the run checks that both choose the same plan and that the
 * service answered with the trained policy, not the default plan. Every HTTP decision is also
 * written to the service's decision log in PostgreSQL before it answers, as in production.
 *
 * <p>After a warm-up of both paths, rounds alternate which path goes first; each path runs one
 * closed-loop thread ({@code --threads} for the HTTP path) for {@code --phase} seconds. Run once
 * from the command line (see docs/benchmarks.md); not thread-safe.
 */
public final class DecisionHttpBenchmark {

  private static final Map<String, String> DEFAULTS =
      new LinkedHashMap<>(
          Map.of(
              "warmup", "10",
              "rounds", "6",
              "phase", "3",
              "threads", "1",
              "synchronous-commit", "off",
              "service-jvm", "-Xmx512m -XX:+UseSerialGC -XX:TieredStopAtLevel=1",
              "home", "."));

  /** The state of {@link DecisionBenchmark} and of the curl example in docs/policy.md. */
  private static final StreamState STATE =
      new StreamState(
          12.5, 11.0, 25, 0.4, "jetson-tx2", 0.3, 0.3, Plan.parse("small/c4/r32/s2"), 4.2, 0);

  private static final byte[] BODY =
      """
      {"streamId":"bench","state":{"bandwidthMbps":12.5,"previousBandwidthMbps":11,"rttMs":25,\
      "serverLoad":0.4,"device":"jetson-tx2","sceneCutsPerSecond":0.3,"motion":0.3,\
      "lastPlan":"small/c4/r32/s2","lastLatencyMs":4.2,"lastSloMissRate":0}}"""
          .getBytes(StandardCharsets.UTF_8);

  private static volatile Object sink;

  private DecisionHttpBenchmark() {}

  public static void main(String[] args) throws Exception {
    Map<String, String> o = LoadRun.options(args, DEFAULTS);
    double warmup = Double.parseDouble(o.get("warmup"));
    int rounds = Integer.parseInt(o.get("rounds"));
    double phase = Double.parseDouble(o.get("phase"));
    int threads = Integer.parseInt(o.get("threads"));
    Path home = Path.of(o.get("home")).toAbsolutePath().normalize();
    Path work = Files.createTempDirectory("decision-http-bench");

    System.out.println("# policy-service decision over HTTP vs in-process");
    LoadRun.machine().forEach((k, v) -> System.out.println(k + ": " + v));
    System.out.println("options: " + o);

    ServingPolicy inProcess;
    try (InputStream in = DecisionHttpBenchmark.class.getResourceAsStream("/policies/a2c.json")) {
      if (in == null) {
        throw new IllegalStateException("policies/a2c.json is not on the classpath");
      }
      inProcess = new ServingPolicy(1, PolicyArtifact.read(in).policy(), Profile.measured());
    }

    EmbeddedKafkaKraftBroker broker =
        new EmbeddedKafkaKraftBroker(1, 3, Topics.POLICY_PUBLISHED, Topics.OUTCOME_RECORDED);
    broker.afterPropertiesSet();
    EmbeddedPostgres postgres =
        EmbeddedPostgres.builder()
            .setServerConfig("synchronous_commit", o.get("synchronous-commit"))
            .start();
    try (Connection c = postgres.getPostgresDatabase().getConnection()) {
      c.createStatement().execute("CREATE DATABASE inferedge");
    }
    ServiceProcess service =
        ServiceProcess.start(
            "policy-service",
            LocalPlatform.runnableJar(home, "policy-service"),
            Profiler.freePort(),
            List.of(o.get("service-jvm").trim().split("\\s+")),
            List.of(
                "--spring.kafka.bootstrap-servers=" + broker.getBrokersAsString(),
                "--logging.file.name=",
                "--spring.datasource.url=jdbc:postgresql://127.0.0.1:"
                    + postgres.getPort()
                    + "/inferedge?currentSchema=policy",
                "--spring.datasource.username=postgres",
                "--spring.datasource.password="),
            Map.of("TF_CPP_MIN_LOG_LEVEL", "1"),
            work.resolve("logs"));
    int status = 0;
    try {
      service.awaitReady(Duration.ofMinutes(4));
      System.out.println("service ready (pid " + service.pid() + ")");
      run(service, inProcess, warmup, rounds, phase, threads);
    } catch (Exception | Error e) {
      e.printStackTrace();
      System.err.println("service log tail:\n" + service.tail());
      status = 1;
    } finally {
      service.close();
      postgres.close();
      broker.destroy();
    }
    System.out.println("load average at end: " + LoadRun.loadAverage());
    System.exit(status);
  }

  private static void run(
      ServiceProcess service,
      ServingPolicy inProcess,
      double warmup,
      int rounds,
      double phase,
      int threads)
      throws Exception {
    URL url = service.baseUri().resolve("/api/v1/decisions").toURL();
    PolicyChoice local = inProcess.decide(STATE, StreamRequirements.BALANCED);
    String reply = new String(LoadRun.post(url, "application/json", BODY), StandardCharsets.UTF_8);
    System.out.println("service reply: " + reply);
    if (reply.contains("\"policyVersion\":\"default\"") || !reply.contains("\"probabilities\"")) {
      throw new IllegalStateException("the service decided without a trained policy: " + reply);
    }
    if (!reply.contains("\"configId\":\"" + local.plan().configId() + "\"")) {
      throw new IllegalStateException(
          "in-process plan " + local.plan().configId() + " differs from the service's: " + reply);
    }

    LoadRun.Call local1 = (t, seq) -> sink = inProcess.decide(STATE, StreamRequirements.BALANCED);
    LoadRun.Call http = (t, seq) -> sink = LoadRun.post(url, "application/json", BODY);

    System.out.printf(Locale.ROOT, "warm-up %.0f s per path%n", warmup);
    LoadRun.phase(1, warmup, local1);
    LoadRun.phase(threads, warmup, http);

    List<long[]> localLatency = new ArrayList<>();
    List<long[]> httpLatency = new ArrayList<>();
    long httpCalls = 0;
    long httpNanos = 0;
    for (int r = 0; r < rounds; r++) {
      LoadRun.Phase l;
      LoadRun.Phase h;
      if (r % 2 == 0) {
        l = LoadRun.phase(1, phase, local1);
        h = LoadRun.phase(threads, phase, http);
      } else {
        h = LoadRun.phase(threads, phase, http);
        l = LoadRun.phase(1, phase, local1);
      }
      localLatency.add(l.latencies());
      httpLatency.add(h.latencies());
      httpCalls += h.calls();
      httpNanos += h.elapsedNanos();
      System.out.printf(
          Locale.ROOT,
          "  round %d: in-process p50 %.4f ms, HTTP p50 %.3f ms (%.0f decisions/s); load %s%n",
          r + 1,
          LoadRun.Percentiles.of(List.of(l.latencies())).p50Ms(),
          LoadRun.Percentiles.of(List.of(h.latencies())).p50Ms(),
          h.perSecond(),
          LoadRun.loadAverage());
    }
    LoadRun.Percentiles l = LoadRun.Percentiles.of(localLatency);
    LoadRun.Percentiles h = LoadRun.Percentiles.of(httpLatency);
    System.out.println();
    System.out.println("| path | calls | p50 | p95 | p99 | target |");
    System.out.println("| --- | --- | --- | --- | --- | --- |");
    System.out.printf(
        Locale.ROOT,
        "| in-process `ServingPolicy.decide`, 1 thread | %,d | %.1f us | %.1f us | %.1f us | <= 5 us"
            + " p50: %s |%n",
        l.count(),
        l.p50Ms() * 1e3,
        l.p95Ms() * 1e3,
        l.p99Ms() * 1e3,
        l.p50Ms() * 1e3 <= 5 ? "met" : "missed");
    System.out.printf(
        Locale.ROOT,
        "| `POST /api/v1/decisions` with state, %d thread(s), %.0f decisions/s | %,d | %.3f ms |"
            + " %.3f ms | %.3f ms | <= 1 ms p50: %s |%n",
        threads,
        httpCalls * 1e9 / httpNanos,
        h.count(),
        h.p50Ms(),
        h.p95Ms(),
        h.p99Ms(),
        h.p50Ms() <= 1.0 ? "met" : "missed");
    System.out.printf(
        Locale.ROOT,
        "%nHTTP minus in-process at p50: %.3f ms. All figures measured (System.nanoTime per call,"
            + " closed loop, keep-alive connection on loopback).%n",
        h.p50Ms() - l.p50Ms());
  }
}
