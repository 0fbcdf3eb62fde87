package io.inferedge.telemetry.profile;

import io.inferedge.support.web.BadRequestException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.regex.Pattern;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectReader;
import tools.jackson.databind.json.JsonMapper;

/**
 * A trade-off table as posted, checked: its JSON text (stored as it came, PostgreSQL makes it
 * jsonb) and the fields the listing shows. The format is the profiler's ({@code
 * docs/profile-format.md}, e.g. policy-service's {@code profiles/fixture.json}); this service only
 * needs {@code name}, {@code formatVersion}, {@code host} and {@code models}, and keeps every other
 * field as it is. Immutable.
 *
 * @param json the body, UTF-8 decoded
 * @param name the table's name, like the policy's profile names: 1-64 characters of {@code
 *     [a-z0-9_.-]}
 * @param formatVersion the table format's version, {@code >= 1}
 * @param host the profiling host, as the profiler describes it
 * @param configurations how many configurations the models have together
 */
record PostedProfileTable(
    String json, String name, int formatVersion, String host, int configurations) {

  /** Like policy-service's profile names, so that what is stored here can be read there. */
  static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9_.-]{0,63}");

  /** Longest {@code host} accepted. */
  static final int MAX_HOST_CHARS = 2_000;

  /**
   * Reads and checks a posted body.
   *
   * @throws BadRequestException naming {@code body} when it is not UTF-8 JSON text of one object,
   *     or the field that is missing or malformed
   */
  static PostedProfileTable parse(byte[] body, JsonMapper mapper) {
    String text = utf8(body);
    JsonNode root = tree(text, mapper);
    if (!root.isObject()) {
      throw new BadRequestException(
          "body", "body must be a JSON object (a trade-off table), was a " + root.getNodeType());
    }
    rejectNul(root, "body");
    String name = string(root, "name");
    if (!NAME.matcher(name).matches()) {
      throw new BadRequestException(
          "name", "name must be 1-64 characters of [a-z0-9_.-], was '" + clip(name) + "'");
    }
    JsonNode version = root.get("formatVersion");
    if (version == null || version.isNull()) {
      throw new BadRequestException("formatVersion", "formatVersion is required");
    }
    if (!version.isIntegralNumber() || !version.canConvertToInt() || version.intValue() < 1) {
      throw new BadRequestException(
          "formatVersion",
          "formatVersion must be an integer >= 1, was " + clip(version.toString()));
    }
    String host = string(root, "host");
    if (host.isBlank() || host.length() > MAX_HOST_CHARS) {
      throw new BadRequestException(
          "host", "host must be 1-" + MAX_HOST_CHARS + " characters, not blank");
    }
    JsonNode models = root.get("models");
    if (models == null || models.isNull()) {
      throw new BadRequestException("models", "models is required");
    }
    if (!models.isArray() || models.isEmpty()) {
      throw new BadRequestException(
          "models", "models must be a non-empty array, was " + models.getNodeType());
    }
    int configurations = 0;
    for (int i = 0; i < models.size(); i++) {
      JsonNode model = models.get(i);
      String field = "models[" + i + "]";
      if (!model.isObject()) {
        throw new BadRequestException(
            field, field + " must be an object, was " + model.getNodeType());
      }
      JsonNode configs = model.get("configurations");
      if (configs != null && !configs.isNull()) {
        if (!configs.isArray()) {
          throw new BadRequestException(
              field + ".configurations",
              field + ".configurations must be an array, was " + configs.getNodeType());
        }
        configurations += configs.size();
      }
    }
    return new PostedProfileTable(text, name, version.intValue(), host, configurations);
  }

  private static String utf8(byte[] body) {
    try {
      return StandardCharsets.UTF_8
          .newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(body))
          .toString();
    } catch (CharacterCodingException e) {
      throw new BadRequestException("body", "body must be UTF-8 encoded JSON", e);
    }
  }

  private static JsonNode tree(String text, JsonMapper mapper) {
    ObjectReader reader =
        mapper
            .readerFor(JsonNode.class)
            .with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            // PostgreSQL's jsonb would keep only the last of two equal keys: refuse instead
            .with(DeserializationFeature.FAIL_ON_READING_DUP_TREE_KEY);
    JsonNode root;
    try {
      root = reader.readTree(text);
    } catch (JacksonException e) {
      throw new BadRequestException(
          "body", "body is not valid JSON: " + clip(e.getOriginalMessage()), e);
    }
    if (root == null || root.isMissingNode()) {
      throw new BadRequestException("body", "body is empty; a JSON trade-off table is required");
    }
    return root;
  }

  private static String string(JsonNode root, String field) {
    JsonNode value = root.get(field);
    if (value == null || value.isNull()) {
      throw new BadRequestException(field, field + " is required");
    }
    if (!value.isString()) {
      throw new BadRequestException(field, field + " must be a string, was " + value.getNodeType());
    }
    return value.stringValue();
  }

  /** PostgreSQL's jsonb cannot hold the character U+0000 (JSON's {@code \u0000}). */
  private static void rejectNul(JsonNode node, String path) {
    if (node.isString() && node.stringValue().indexOf('\0') >= 0) {
      throw new BadRequestException(
          "body", "body must not contain the character U+0000, found in " + clip(path));
    }
    if (node.isObject()) {
      for (Map.Entry<String, JsonNode> property : node.properties()) {
        if (property.getKey().indexOf('\0') >= 0) {
          throw new BadRequestException(
              "body",
              "body must not contain the character U+0000, found in a key of " + clip(path));
        }
        rejectNul(property.getValue(), path + "." + property.getKey());
      }
    } else if (node.isArray()) {
      for (int i = 0; i < node.size(); i++) {
        rejectNul(node.get(i), path + "[" + i + "]");
      }
    }
  }

  /** Bounds what a problem body echoes of the input. */
  private static String clip(String text) {
    if (text == null) {
      return "null";
    }
    String clean = text.replace('\0', '?');
    return clean.length() <= 200 ? clean : clean.substring(0, 200) + "...";
  }
}
