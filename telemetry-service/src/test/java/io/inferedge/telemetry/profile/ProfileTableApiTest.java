package io.inferedge.telemetry.profile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import io.inferedge.telemetry.IntegrationTest;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;
import org.springframework.test.web.servlet.RequestBuilder;
import org.springframework.test.web.servlet.ResultActions;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * {@code /api/v1/profile-tables} over the real database, with the trade-off table policy-service
 * ships (a copy of its {@code profiles/fixture.json}, 4 models, 80 configurations). Tables are
 * global, so every test posts under names of its own.
 */
class ProfileTableApiTest extends IntegrationTest {

  private static final String PATH = "/api/v1/profile-tables";

  @Autowired MockMvc mvc;
  @Autowired JsonMapper json;
  @Autowired JdbcClient jdbc;

  @Test
  void postingATableStoresItWholeAndPostingItAgainIsIdempotent() throws Exception {
    ObjectNode table = fixture("post-twice");
    byte[] body = json.writeValueAsBytes(table);

    MvcResult first =
        mvc.perform(post(PATH).contentType(MediaType.APPLICATION_JSON).content(body))
            .andExpect(status().isCreated())
            .andExpect(jsonPath("$.name").value("post-twice"))
            .andExpect(jsonPath("$.formatVersion").value(1))
            .andExpect(jsonPath("$.host").value(table.get("host").stringValue()))
            .andExpect(jsonPath("$.configurations").value(80))
            .andExpect(
                jsonPath("$.contentHash")
                    .value(org.hamcrest.Matchers.matchesPattern("[0-9a-f]{64}")))
            .andExpect(jsonPath("$.createdAt").isNotEmpty())
            .andReturn();
    JsonNode created = json.readTree(first.getResponse().getContentAsString());
    long id = created.get("id").longValue();
    assertThat(first.getResponse().getHeader("Location")).isEqualTo(PATH + "/" + id);

    mvc.perform(post(PATH).contentType(MediaType.APPLICATION_JSON).content(body))
        .andExpect(status().isOk())
        .andExpect(header().string("Content-Location", PATH + "/" + id))
        .andExpect(jsonPath("$.id").value(id))
        .andExpect(jsonPath("$.contentHash").value(created.get("contentHash").stringValue()))
        .andExpect(jsonPath("$.createdAt").value(created.get("createdAt").stringValue()));

    // The same table written differently (indented, keys in another order) is the same table.
    ObjectNode reordered = json.createObjectNode();
    reordered.set("models", table.get("models"));
    table.properties().forEach(p -> reordered.set(p.getKey(), p.getValue()));
    mvc.perform(
            post(PATH)
                .contentType(MediaType.APPLICATION_JSON)
                .content(json.writerWithDefaultPrettyPrinter().writeValueAsBytes(reordered)))
        .andExpect(status().isOk())
        .andExpect(jsonPath("$.id").value(id));

    assertThat(
            jdbc.sql(
                    "SELECT count(*) FROM profile_table WHERE name = 'post-twice'"
                        + " AND jsonb_array_length(body->'models') = 4")
                .query(Long.class)
                .single())
        .isEqualTo(1);

    // A changed table under the same name is a new one.
    table.put("description", "measured again");
    mvc.perform(
            post(PATH)
                .contentType(MediaType.APPLICATION_JSON)
                .content(json.writeValueAsBytes(table)))
        .andExpect(status().isCreated())
        .andExpect(jsonPath("$.id").value(org.hamcrest.Matchers.not(id)));
  }

  @Test
  void getByIdReturnsTheTableAsPosted() throws Exception {
    ObjectNode table = fixture("get-by-id");
    long id = postCreated(table);

    MvcResult result =
        mvc.perform(get(PATH + "/{id}", id))
            .andExpect(status().isOk())
            .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_JSON))
            .andExpect(header().string("Content-Location", PATH + "/" + id))
            .andExpect(header().exists("ETag"))
            .andReturn();

    JsonNode read = json.readTree(result.getResponse().getContentAsByteArray());
    assertThat(read).isEqualTo(table);
  }

  @Test
  void listsTablesNewestFirstPageByPage() throws Exception {
    long first = postCreated(fixture("list-me", "first"));
    long second = postCreated(fixture("list-me", "second"));
    long third = postCreated(fixture("list-me", "third"));

    mvc.perform(get(PATH).param("name", "list-me").param("size", "2"))
        .andExpect(status().isOk())
        .andExpect(jsonPath("$.totalElements").value(3))
        .andExpect(jsonPath("$.page").value(0))
        .andExpect(jsonPath("$.size").value(2))
        .andExpect(jsonPath("$.content.length()").value(2))
        .andExpect(jsonPath("$.content[0].id").value(third))
        .andExpect(jsonPath("$.content[1].id").value(second))
        .andExpect(jsonPath("$.content[0].name").value("list-me"))
        .andExpect(jsonPath("$.content[0].configurations").value(80))
        .andExpect(jsonPath("$.content[0].host").isNotEmpty())
        .andExpect(jsonPath("$.content[0].createdAt").isNotEmpty())
        // the listing does not carry the bodies
        .andExpect(jsonPath("$.content[0].models").doesNotExist());
    mvc.perform(get(PATH).param("name", "list-me").param("size", "2").param("page", "1"))
        .andExpect(status().isOk())
        .andExpect(jsonPath("$.content.length()").value(1))
        .andExpect(jsonPath("$.content[0].id").value(first));
    mvc.perform(get(PATH))
        .andExpect(status().isOk())
        .andExpect(
            jsonPath("$.totalElements").value(org.hamcrest.Matchers.greaterThanOrEqualTo(3)));
  }

  @Test
  void latestIsTheNewestTableOverallOrOfOneName() throws Exception {
    postCreated(fixture("latest-of", "older"));
    ObjectNode newer = fixture("latest-of", "newer");
    long newest = postCreated(newer);

    MvcResult byName =
        mvc.perform(get(PATH + "/latest").param("name", "latest-of"))
            .andExpect(status().isOk())
            .andExpect(header().string("Content-Location", PATH + "/" + newest))
            .andReturn();
    assertThat(json.readTree(byName.getResponse().getContentAsByteArray())).isEqualTo(newer);

    mvc.perform(get(PATH + "/latest"))
        .andExpect(status().isOk())
        .andExpect(jsonPath("$.name").isNotEmpty())
        .andExpect(jsonPath("$.models").isArray());
    expectProblem(get(PATH + "/latest").param("name", "never-posted"), 404, "name");
    expectProblem(get(PATH + "/latest").param("name", "Not A Name"), 400, "name");
  }

  @Test
  void unknownAndMalformedIdsAreProblems() throws Exception {
    expectProblem(get(PATH + "/{id}", Long.MAX_VALUE), 404, "id");
    expectProblem(get(PATH + "/{id}", "abc"), 400, "id");
    expectProblem(get(PATH + "/{id}", "0"), 400, "id");
    expectProblem(get(PATH).param("size", "501"), 400, "size");
    expectProblem(get(PATH).param("page", "-1"), 400, "page");
  }

  @Test
  void aBodyThatIsNotAJsonObjectIsA400NamingTheBody() throws Exception {
    expectProblem(postJson("this is not JSON {"), 400, "body")
        .andExpect(jsonPath("$.detail").value(containsString("not valid JSON")));
    expectProblem(postJson("[1, 2]"), 400, "body");
    expectProblem(postJson("{\"name\": \"a\"} {\"name\": \"b\"}"), 400, "body");
    expectProblem(postJson("{\"name\": \"a\", \"name\": \"b\"}"), 400, "body");
    expectProblem(postJson(""), 400, "body");
    byte[] notUtf8 = {'{', '"', 'n', '"', ':', '"', (byte) 0xC3, (byte) 0x28, '"', '}'};
    expectProblem(post(PATH).contentType(MediaType.APPLICATION_JSON).content(notUtf8), 400, "body");
    ObjectNode withNul = fixture("nul-inside");
    withNul.put("description", "a\u0000b");
    expectProblem(postJson(json.writeValueAsString(withNul)), 400, "body")
        .andExpect(jsonPath("$.detail").value(containsString("description")));
    expectProblem(
        post(PATH)
            .contentType(MediaType.TEXT_PLAIN)
            .content(json.writeValueAsBytes(fixture("plain"))),
        415,
        "Content-Type");
  }

  @Test
  void aMissingOrMalformedFieldIsA400NamingIt() throws Exception {
    expectMalformed("name", t -> t.remove("name"));
    expectMalformed("name", t -> t.put("name", "Upper Case"));
    expectMalformed("name", t -> t.put("name", 7));
    expectMalformed("formatVersion", t -> t.remove("formatVersion"));
    expectMalformed("formatVersion", t -> t.put("formatVersion", "1"));
    expectMalformed("formatVersion", t -> t.put("formatVersion", 1.5));
    expectMalformed("formatVersion", t -> t.put("formatVersion", 0));
    expectMalformed("host", t -> t.remove("host"));
    expectMalformed("host", t -> t.put("host", " "));
    expectMalformed("models", t -> t.remove("models"));
    expectMalformed("models", t -> t.put("models", "nano"));
    expectMalformed("models", t -> t.set("models", json.createArrayNode()));
    expectMalformed(
        "models[1]",
        t -> ((ArrayNode) t.get("models")).set(1, json.getNodeFactory().numberNode(3)));
    expectMalformed(
        "models[0].configurations",
        t -> ((ObjectNode) t.get("models").get(0)).put("configurations", "all"));
    assertThat(
            jdbc.sql("SELECT count(*) FROM profile_table WHERE name = 'malformed'")
                .query(Long.class)
                .single())
        .isZero();
  }

  @Test
  void aBodyOverTheRequestSizeLimitIsA413() throws Exception {
    // infer-edge.support.max-request-size: 4 MB by default
    ObjectNode table = fixture("too-large");
    char[] padding = new char[4 * 1024 * 1024];
    Arrays.fill(padding, 'x');
    table.put("description", new String(padding));

    expectProblem(postJson(json.writeValueAsString(table)), 413, "body");
    assertThat(
            jdbc.sql("SELECT count(*) FROM profile_table WHERE name = 'too-large'")
                .query(Long.class)
                .single())
        .isZero();
  }

  private void expectMalformed(String field, java.util.function.Consumer<ObjectNode> change)
      throws Exception {
    ObjectNode table = fixture("malformed");
    change.accept(table);
    expectProblem(postJson(json.writeValueAsString(table)), 400, field)
        .andExpect(jsonPath("$.detail").value(containsString(field)));
  }

  private long postCreated(ObjectNode table) throws Exception {
    MvcResult result =
        mvc.perform(
                post(PATH)
                    .contentType(MediaType.APPLICATION_JSON)
                    .content(json.writeValueAsBytes(table)))
            .andExpect(status().isCreated())
            .andReturn();
    return json.readTree(result.getResponse().getContentAsString()).get("id").longValue();
  }

  private RequestBuilder postJson(String body) {
    return post(PATH)
        .contentType(MediaType.APPLICATION_JSON)
        .content(body.getBytes(StandardCharsets.UTF_8));
  }

  /** The shipped fixture table under another name (and description, when given). */
  private ObjectNode fixture(String name, String... description) throws IOException {
    try (InputStream in = getClass().getResourceAsStream("/profile-tables/fixture.json")) {
      ObjectNode table = (ObjectNode) json.readTree(in);
      table.put("name", name);
      if (description.length > 0) {
        table.put("description", description[0]);
      }
      return table;
    }
  }

  private ResultActions expectProblem(RequestBuilder request, int status, String field)
      throws Exception {
    return mvc.perform(request)
        .andExpect(status().is(status))
        .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
        .andExpect(jsonPath("$.status").value(status))
        .andExpect(jsonPath("$.field").value(field));
  }
}
