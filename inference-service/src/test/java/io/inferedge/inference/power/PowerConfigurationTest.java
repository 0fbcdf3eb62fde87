package io.inferedge.inference.power;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.awaitility.Awaitility.await;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import io.inferedge.contracts.MeasurementSource;
import io.inferedge.contracts.PowerSampled;
import io.inferedge.contracts.Topics;
import io.inferedge.inference.InferenceProperties;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.core.KafkaTemplate;

/**
 * The Spring wiring: which role samples, and each source from start to a published record (a mock
 * template records what would go to {@link Topics#POWER_SAMPLED}).
 */
class PowerConfigurationTest {

  static final Duration WAIT = Duration.ofSeconds(10);

  @TempDir Path root;

  private final List<Object[]> sent = new CopyOnWriteArrayList<>();

  @Configuration(proxyBeanMethods = false)
  @EnableConfigurationProperties(InferenceProperties.class)
  static class Infrastructure {
    @Bean
    Clock clock() {
      return Clock.systemUTC();
    }

    @Bean
    MeterRegistry meters() {
      return new SimpleMeterRegistry();
    }
  }

  @SuppressWarnings("unchecked")
  private KafkaTemplate<String, Object> template() {
    KafkaTemplate<String, Object> kafka = mock(KafkaTemplate.class);
    when(kafka.send(anyString(), anyString(), any()))
        .thenAnswer(
            call -> {
              sent.add(call.getArguments());
              return CompletableFuture.completedFuture(null);
            });
    return kafka;
  }

  private ApplicationContextRunner runner() {
    return new ApplicationContextRunner()
        .withUserConfiguration(Infrastructure.class, PowerConfiguration.class)
        .withBean(KafkaTemplate.class, this::template)
        .withPropertyValues(
            "infer-edge.inference.device-id=device-9",
            "infer-edge.inference.device-profiles.host.idle-milliwatts=1000",
            "infer-edge.inference.device-profiles.host.active-milliwatts=5000",
            "infer-edge.inference.link-profiles.wifi-20.bandwidth-mbps=20",
            "infer-edge.inference.link-profiles.wifi-20.transmit-milliwatts=5796",
            "infer-edge.inference.power.sysfs-root=" + root,
            "infer-edge.inference.power.period=20ms",
            "infer-edge.inference.power.batch-size=3",
            "infer-edge.inference.power.max-batch-delay=100ms",
            "infer-edge.inference.power.tegrastats-command=" + root.resolve("no-tegrastats"));
  }

  private List<PowerSampled> batches() {
    return sent.stream()
        .peek(args -> assertThat(args[0]).isEqualTo(Topics.POWER_SAMPLED))
        .peek(args -> assertThat(args[1]).isEqualTo("device-9"))
        .map(args -> (PowerSampled) args[2])
        .toList();
  }

  @Test
  void aServerRoleInstanceDoesNotSample() {
    runner()
        .withPropertyValues("infer-edge.inference.role=server")
        .run(
            context -> {
              assertThat(context).hasNotFailed();
              assertThat(context).doesNotHaveBean(PowerSampling.class);
              assertThat(context).hasSingleBean(BusyIntervals.class);
            });
  }

  @Test
  void samplingCanBeSwitchedOff() {
    runner()
        .withPropertyValues("infer-edge.inference.power.enabled=false")
        .run(context -> assertThat(context).doesNotHaveBean(PowerSampling.class));
  }

  @Test
  void aDeviceWithoutSensorsPublishesThePowerModelLabelledEmulated() {
    runner()
        .run(
            context -> {
              assertThat(context).hasNotFailed();
              await().atMost(WAIT).until(() -> batches().size() >= 2);
              PowerSampled batch = batches().get(0);
              assertThat(batch.source()).isEqualTo(MeasurementSource.EMULATED);
              assertThat(batch.sensor()).isEqualTo("power-model");
              assertThat(batch.samples()).hasSize(3);
              assertThat(batch.samples())
                  .extracting(PowerSampled.Sample::powerMilliwatts)
                  .containsOnly(1000.0);
              assertThat(context.getBean(PowerSampling.class).choice().kind())
                  .isEqualTo(PowerSourceKind.MODEL);
            });
  }

  @Test
  void anOrinNanoPublishesItsVddInMeasured() {
    FakeSysfs.orinNanoJetPack6(root);
    runner()
        .run(
            context -> {
              await().atMost(WAIT).until(() -> !batches().isEmpty());
              PowerSampled batch = batches().get(0);
              assertThat(batch.source()).isEqualTo(MeasurementSource.MEASURED);
              assertThat(batch.sensor()).isEqualTo("ina3221-hwmon");
              assertThat(batch.samples().get(0).powerMilliwatts())
                  .isCloseTo(5703.168, within(1e-9));
              MeterRegistry meters = context.getBean(MeterRegistry.class);
              assertThat(meters.get("inference.power.samples").counter().count()).isPositive();
              assertThat(
                      meters
                          .get("inference.power.milliwatts")
                          .tag("sensor", "ina3221-hwmon")
                          .gauge()
                          .value())
                  .isCloseTo(5703.168, within(1e-9));
            });
  }

  @Test
  void tegrastatsOutputIsParsedAndPublished() throws IOException {
    Path lines = root.resolve("lines.txt");
    Files.writeString(
        lines,
        ReferenceLines.line(ReferenceLines.ORIN_NANO_JP6)
            + "\nnot a tegrastats line\n"
            + ReferenceLines.line(ReferenceLines.AGX_ORIN_JP72)
            + "\n",
        StandardCharsets.UTF_8);
    Path script = root.resolve("tegrastats");
    Files.writeString(script, "#!/bin/sh\nexec cat " + lines + "\n", StandardCharsets.UTF_8);
    Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xr-x"));

    runner()
        .withPropertyValues("infer-edge.inference.power.tegrastats-command=" + script)
        .run(
            context -> {
              await().atMost(WAIT).until(() -> !batches().isEmpty());
              PowerSampled batch = batches().get(0);
              assertThat(batch.source()).isEqualTo(MeasurementSource.MEASURED);
              assertThat(batch.sensor()).isEqualTo("tegrastats");
              assertThat(batch.samples())
                  .extracting(PowerSampled.Sample::powerMilliwatts)
                  .containsExactly(5704.0, 13_907.0);
              assertThat(
                      context
                          .getBean(MeterRegistry.class)
                          .get("inference.power.malformed")
                          .tag("sensor", "tegrastats")
                          .counter()
                          .count())
                  .isEqualTo(1);
            });
  }

  @Test
  void anExplicitSensorThatIsMissingFailsStartUp() {
    runner()
        .withPropertyValues("infer-edge.inference.power.source=ina3221")
        .run(
            context ->
                assertThat(context.getStartupFailure())
                    .rootCause()
                    .hasMessageContaining("INA3221"));
  }
}
