package io.inferedge.support.security;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockFilterChain;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;
import tools.jackson.databind.json.JsonMapper;

/** Which actuator paths the filter opens without the admin key, and what it answers otherwise. */
class ActuatorAccessFilterTest {

  static final String ADMIN_KEY = KeyHashes.newKey();
  static final JsonMapper JSON = JsonMapper.builder().build();

  final ActuatorAccessFilter filter =
      new ActuatorAccessFilter("/actuator", KeyHashes.sha256(ADMIN_KEY), JSON);

  @Test
  void healthAndItsGroupsArePublic() throws Exception {
    for (String path :
        new String[] {
          "/actuator/health", "/actuator/health/liveness", "/actuator/health/readiness"
        }) {
      assertThat(run(path, null).getStatus()).as(path).isEqualTo(200);
    }
    assertThat(run("/api/v1/models", null).getStatus()).isEqualTo(200);
  }

  @Test
  void otherEndpointsAre401ProblemsWithoutTheAdminKey() throws Exception {
    for (String path : new String[] {"/actuator/prometheus", "/actuator/info", "/actuator"}) {
      MockHttpServletResponse response = run(path, null);
      assertThat(response.getStatus()).as(path).isEqualTo(401);
      assertThat(response.getContentType()).isEqualTo("application/problem+json");
      assertThat(response.getContentAsString()).contains("admin key").doesNotContain(ADMIN_KEY);
    }
    assertThat(run("/actuator/prometheus", "ie_wrong").getStatus()).isEqualTo(401);
    assertThat(run("/actuator/prometheus", ADMIN_KEY).getStatus()).isEqualTo(200);
  }

  @Test
  void aPathThatOnlyLooksLikeHealthIsChecked() throws Exception {
    assertThat(run("/actuator/health/../prometheus", null).getStatus()).isEqualTo(401);
    assertThat(run("/actuator/health;x=1/../prometheus", null).getStatus()).isEqualTo(401);
    assertThat(run("/actuator/%70rometheus", null).getStatus()).isEqualTo(401);
  }

  @Test
  void withoutAConfiguredHashEvenAKeyIsRefused() throws Exception {
    var closed = new ActuatorAccessFilter("/actuator", null, JSON);
    var request = new MockHttpServletRequest("GET", "/actuator/prometheus");
    request.addHeader("X-API-Key", ADMIN_KEY);
    var response = new MockHttpServletResponse();
    closed.doFilter(request, response, new MockFilterChain());
    assertThat(response.getStatus()).isEqualTo(401);
  }

  private MockHttpServletResponse run(String path, String key) throws Exception {
    var request = new MockHttpServletRequest("GET", path);
    if (key != null) {
      request.addHeader("X-API-Key", key);
    }
    var response = new MockHttpServletResponse();
    filter.doFilter(request, response, new MockFilterChain());
    return response;
  }
}
