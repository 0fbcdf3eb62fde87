package io.inferedge.support;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import io.inferedge.contracts.Plan;
import io.inferedge.support.web.ApiException;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.kafka.listener.CommonErrorHandler;
import org.springframework.kafka.listener.DefaultErrorHandler;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** What every service gets from this module: problem bodies, the size limit, the error handler. */
@SpringBootTest(
    properties = {
      "spring.kafka.bootstrap-servers=127.0.0.1:1",
      "infer-edge.support.max-request-size=64B",
      "spring.mvc.problemdetails.enabled=true"
    })
@AutoConfigureMockMvc
class SupportAutoConfigurationTest {

  @Autowired MockMvc mvc;
  @Autowired CommonErrorHandler errorHandler;

  @Test
  void aTypedApiExceptionKeepsItsStatusAndNamesTheField() throws Exception {
    mvc.perform(get("/test/missing"))
        .andExpect(status().isNotFound())
        .andExpect(content().contentType(MediaType.APPLICATION_PROBLEM_JSON))
        .andExpect(jsonPath("$.status").value(404))
        .andExpect(jsonPath("$.field").value("plan"))
        .andExpect(jsonPath("$.detail").value("no model named huge"));
  }

  @Test
  void aTypedApiExceptionCarriesItsProblemTypeAndProperties() throws Exception {
    mvc.perform(get("/test/typed"))
        .andExpect(status().isServiceUnavailable())
        .andExpect(content().contentType(MediaType.APPLICATION_PROBLEM_JSON))
        .andExpect(jsonPath("$.type").value("tag:example.org,2026:problems/tier-down"))
        .andExpect(jsonPath("$.failedTier").value("server"))
        .andExpect(jsonPath("$.detail").value("the server tier is down"));
    // Without a type of its own a problem stays about:blank (Spring leaves it out of the body).
    mvc.perform(get("/test/missing"))
        .andExpect(jsonPath("$.type").doesNotExist())
        .andExpect(jsonPath("$.failedTier").doesNotExist());
  }

  @Test
  void aRecordsValidationFailureIsA400NamingTheField() throws Exception {
    mvc.perform(get("/test/plan").param("plan", "nano/c3/r40/s1"))
        .andExpect(status().isBadRequest())
        .andExpect(content().contentType(MediaType.APPLICATION_PROBLEM_JSON))
        .andExpect(jsonPath("$.field").value("inputResolution"))
        .andExpect(
            jsonPath("$.detail").value("inputResolution must be one of 24, 32, 48, 64, was 40"));
  }

  @Test
  void beanValidationListsEveryField() throws Exception {
    mvc.perform(
            post("/test/body")
                .contentType(MediaType.APPLICATION_JSON)
                .content("{\"name\":\"\",\"count\":0}"))
        .andExpect(status().isBadRequest())
        .andExpect(content().contentType(MediaType.APPLICATION_PROBLEM_JSON))
        .andExpect(jsonPath("$.errors.length()").value(2))
        .andExpect(jsonPath("$.errors[?(@.field == 'name')]").exists())
        .andExpect(jsonPath("$.errors[?(@.field == 'count')]").exists());
  }

  @Test
  void aBodyOverTheLimitIsRefusedWith413() throws Exception {
    mvc.perform(post("/test/body").contentType(MediaType.APPLICATION_JSON).content(new byte[65]))
        .andExpect(status().isPayloadTooLarge())
        .andExpect(content().contentType(MediaType.APPLICATION_PROBLEM_JSON))
        .andExpect(jsonPath("$.field").value("body"));
  }

  @Test
  void aMissingParameterIsAProblemNamingIt() throws Exception {
    mvc.perform(get("/test/plan"))
        .andExpect(status().isBadRequest())
        .andExpect(content().contentType(MediaType.APPLICATION_PROBLEM_JSON))
        .andExpect(jsonPath("$.field").value("plan"));
  }

  @Test
  void aWrongContentTypeIsA415NamingTheHeader() throws Exception {
    mvc.perform(post("/test/body").contentType(MediaType.TEXT_PLAIN).content("x"))
        .andExpect(status().isUnsupportedMediaType())
        .andExpect(content().contentType(MediaType.APPLICATION_PROBLEM_JSON))
        .andExpect(jsonPath("$.field").value("Content-Type"));
  }

  @Test
  void anUnreadableBodyIsA400NamingTheBody() throws Exception {
    mvc.perform(post("/test/body").contentType(MediaType.APPLICATION_JSON).content("{\"name\":"))
        .andExpect(status().isBadRequest())
        .andExpect(content().contentType(MediaType.APPLICATION_PROBLEM_JSON))
        .andExpect(jsonPath("$.field").value("body"));
  }

  @Test
  void sharedDefaultsApplyAndEverySourceOverridesThem(
      @Autowired org.springframework.core.env.Environment environment) {
    assertThat(environment.getProperty("management.endpoints.web.exposure.include"))
        .isEqualTo("health,info,prometheus");
    assertThat(environment.getProperty("spring.kafka.producer.acks")).isEqualTo("all");
    // The test's own property wins over the shared default (localhost:9092).
    assertThat(environment.getProperty("spring.kafka.bootstrap-servers")).isEqualTo("127.0.0.1:1");
  }

  @Test
  void listenersShareTheDeadLetterErrorHandler() {
    assertThat(errorHandler).isInstanceOf(DefaultErrorHandler.class);
  }

  @SpringBootApplication
  @org.springframework.context.annotation.Import(TestController.class)
  static class TestApp {}

  static final class ModelMissing extends ApiException {
    ModelMissing() {
      super(HttpStatus.NOT_FOUND, "plan", "no model named huge");
    }
  }

  static final class TierDown extends ApiException {
    TierDown() {
      super(HttpStatus.SERVICE_UNAVAILABLE, null, "the server tier is down");
    }

    @Override
    public java.net.URI type() {
      return java.net.URI.create("tag:example.org,2026:problems/tier-down");
    }

    @Override
    public java.util.Map<String, Object> properties() {
      return java.util.Map.of("failedTier", "server");
    }
  }

  record Body(@NotBlank String name, @Min(1) int count) {}

  @RestController
  static class TestController {
    @GetMapping("/test/missing")
    String missing() {
      throw new ModelMissing();
    }

    @GetMapping("/test/typed")
    String typed() {
      throw new TierDown();
    }

    @GetMapping("/test/plan")
    String plan(@RequestParam String plan) {
      return Plan.parse(plan).configId();
    }

    @PostMapping("/test/body")
    String body(@Valid @RequestBody Body body) {
      return body.name();
    }
  }
}
