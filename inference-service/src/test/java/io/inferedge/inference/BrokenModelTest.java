package io.inferedge.inference;

import static org.hamcrest.Matchers.allOf;
import static org.hamcrest.Matchers.containsString;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import io.inferedge.inference.model.BrokenZoo;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.http.MediaType;
import org.springframework.kafka.test.context.EmbeddedKafka;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.servlet.MockMvc;

/**
 * The service started on a zoo with one corrupt model (issue 3, "Bad input"): a copy of the real
 * nano model whose {@code saved_model.pb} was cut in half, beside an intact nano. The service
 * starts, is not ready and names the file; plans on the corrupt model are 503s naming it, plans on
 * nano still run. A real (embedded) Kafka broker, HTTP through MockMvc.
 */
@SpringBootTest(
    properties = {
      "spring.kafka.bootstrap-servers=${spring.embedded.kafka.brokers}",
      "infer-edge.inference.device-id=device-9",
      "infer-edge.inference.predictors-per-model=1"
    })
@AutoConfigureMockMvc
@EmbeddedKafka
class BrokenModelTest {

  static final FashionFrames FRAMES = FashionFrames.load();

  static Path zoo;
  static Path corruptFile;

  @DynamicPropertySource
  static void brokenZoo(DynamicPropertyRegistry registry) throws IOException {
    zoo = Files.createTempDirectory("broken-zoo");
    BrokenZoo.copyNano(zoo, "nano");
    corruptFile = BrokenZoo.truncateSavedModel(BrokenZoo.copyNano(zoo, "corrupt"));
    registry.add("infer-edge.inference.model-dir", zoo::toString);
  }

  @AfterAll
  static void deleteZoo() throws IOException {
    try (var paths = Files.walk(zoo)) {
      paths
          .sorted(Comparator.reverseOrder())
          .forEach(
              path -> {
                try {
                  Files.delete(path);
                } catch (IOException e) {
                  throw new UncheckedIOException(e);
                }
              });
    }
  }

  @Autowired MockMvc mvc;

  @Test
  void isNotReadyAndNamesTheCorruptFile() throws Exception {
    mvc.perform(get("/actuator/health/readiness"))
        .andExpect(status().isServiceUnavailable())
        .andExpect(jsonPath("$.status").value("DOWN"))
        .andExpect(jsonPath("$.components.models.status").value("DOWN"))
        .andExpect(
            jsonPath("$.components.models.details.failures.corrupt.file")
                .value(corruptFile.toString()))
        .andExpect(
            jsonPath("$.components.models.details.failures.corrupt.reason")
                .value(containsString("cannot read the signatures of")))
        .andExpect(
            jsonPath("$.components.models.details.reason")
                .value(containsString(corruptFile.toString())))
        .andExpect(jsonPath("$.components.models.details.models.nano.loaded").value(true))
        .andExpect(jsonPath("$.components.kafka.status").value("UP"));
  }

  @Test
  void aPlanOnTheCorruptModelIsA503NamingTheFile() throws Exception {
    mvc.perform(
            post("/api/v1/inferences?streamId=cam-1&frameSeq=1&plan=corrupt/c3/r64/s1")
                .contentType(MediaType.IMAGE_PNG)
                .content(FRAMES.png(0, 48)))
        .andExpect(status().isServiceUnavailable())
        .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
        .andExpect(jsonPath("$.status").value(503))
        .andExpect(
            jsonPath("$.detail")
                .value(
                    allOf(
                        containsString("'corrupt'"),
                        containsString("failed to load"),
                        containsString(corruptFile.toString()))));
  }

  @Test
  void aPlanOnAModelThatDoesNotExistIsStillA422() throws Exception {
    mvc.perform(
            post("/api/v1/inferences?streamId=cam-1&frameSeq=2&plan=huge/c3/r64/s1")
                .contentType(MediaType.IMAGE_PNG)
                .content(FRAMES.png(0, 48)))
        .andExpect(status().is(422))
        .andExpect(jsonPath("$.field").value("plan"))
        .andExpect(jsonPath("$.detail").value(containsString("'huge'")));
  }

  @Test
  void aPlanOnTheHealthyModelStillRuns() throws Exception {
    mvc.perform(
            post("/api/v1/inferences?streamId=cam-1&frameSeq=3&plan=nano/c3/r64/s1")
                .contentType(MediaType.IMAGE_PNG)
                .content(FRAMES.png(0, 48)))
        .andExpect(status().isOk())
        .andExpect(jsonPath("$.plan.configId").value("nano/c3/r64/s1"))
        .andExpect(jsonPath("$.scores.length()").value(10));
  }
}
