package io.inferedge.policy.profile;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * A measured profile: what the emulator draws outcomes from (format: {@code
 * docs/profile-format.md}). Immutable, thread-safe.
 *
 * @param formatVersion {@value #FORMAT_VERSION}
 * @param name e.g. {@code fixture}
 * @param description what was measured, where, and what is emulated
 * @param host the profiling host
 * @param framesPerSecond frame rate of a stream
 * @param resolutions input sides of the configurations, largest first
 * @param models the zoo
 * @param devices device classes
 * @param links constant link profiles
 */
public record Profile(
    int formatVersion,
    String name,
    String description,
    String host,
    double framesPerSecond,
    List<Integer> resolutions,
    List<ModelProfile> models,
    List<DeviceProfile> devices,
    List<LinkProfile> links) {

  public static final int FORMAT_VERSION = 1;

  /** Content regime with rare scene cuts. */
  public static final String CALM = "calm";

  /** Content regime with frequent scene cuts. */
  public static final String BUSY = "busy";

  /** The fixture profile shipped in this module's resources. */
  public static final String FIXTURE_RESOURCE = "/profiles/fixture.json";

  /**
   * The profile measured through the serving path by the profiler ({@code bin/infer-edge-profile}),
   * the emulator's default input.
   */
  public static final String MEASURED_RESOURCE = "/profiles/measured.json";

  private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9_.-]{0,63}");

  private static final JsonMapper JSON =
      JsonMapper.builder()
          .enable(SerializationFeature.INDENT_OUTPUT)
          .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
          // The profiler's table has columns for people (every latency component, energy per
          // device and link, frames); the emulator reads what it needs and ignores the rest.
          .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
          .build();

  public Profile {
    if (formatVersion != FORMAT_VERSION) {
      throw new IllegalArgumentException(
          "formatVersion must be " + FORMAT_VERSION + ", was " + formatVersion);
    }
    name("name", name);
    positive("framesPerSecond", framesPerSecond);
    resolutions = List.copyOf(resolutions);
    models = List.copyOf(models);
    devices = List.copyOf(devices);
    links = List.copyOf(links);
    if (models.isEmpty() || devices.isEmpty() || resolutions.isEmpty()) {
      throw new IllegalArgumentException("models, devices and resolutions must not be empty");
    }
    unique("models", models.stream().map(ModelProfile::name).toList());
    unique("devices", devices.stream().map(DeviceProfile::name).toList());
    unique("links", links.stream().map(LinkProfile::name).toList());
    for (ModelProfile m : models) {
      for (int r : resolutions) {
        if (m.configuration(m.blocks(), r) == null) {
          throw new IllegalArgumentException(
              "models must have a device-only configuration at every resolution; "
                  + m.name()
                  + " lacks cut "
                  + m.blocks()
                  + " at "
                  + r);
        }
      }
    }
  }

  static String name(String field, String value) {
    if (value == null || !NAME.matcher(value).matches()) {
      throw new IllegalArgumentException(
          field + " must be 1-64 characters of [a-z0-9_.-], was '" + value + "'");
    }
    return value;
  }

  static double positive(String field, double value) {
    if (!(value > 0) || !Double.isFinite(value)) {
      throw new IllegalArgumentException(field + " must be a finite number > 0, was " + value);
    }
    return value;
  }

  private static void unique(String field, List<String> names) {
    Set<String> seen = new HashSet<>();
    for (String n : names) {
      if (!seen.add(n)) {
        throw new IllegalArgumentException(field + " must have unique names, '" + n + "' repeats");
      }
    }
  }

  /** The model called {@code name}. */
  public ModelProfile model(String name) {
    return models.stream()
        .filter(m -> m.name().equals(name))
        .findFirst()
        .orElseThrow(
            () -> new IllegalArgumentException("model '" + name + "' is not in " + this.name));
  }

  /** The device class called {@code name}. */
  public DeviceProfile device(String name) {
    return devices.stream()
        .filter(d -> d.name().equals(name))
        .findFirst()
        .orElseThrow(
            () -> new IllegalArgumentException("device '" + name + "' is not in " + this.name));
  }

  /** The link profile called {@code name}. */
  public LinkProfile link(String name) {
    return links.stream()
        .filter(l -> l.name().equals(name))
        .findFirst()
        .orElseThrow(
            () -> new IllegalArgumentException("link '" + name + "' is not in " + this.name));
  }

  /** Largest block count of any model: the cut head has {@code maxBlocks() + 1} choices. */
  public int maxBlocks() {
    return models.stream().mapToInt(ModelProfile::blocks).max().orElseThrow();
  }

  /** Names of the models, in profile order. */
  public List<String> modelNames() {
    List<String> names = new ArrayList<>();
    models.forEach(m -> names.add(m.name()));
    return List.copyOf(names);
  }

  /** Reads a profile. */
  public static Profile read(InputStream json) {
    Objects.requireNonNull(json, "json must not be null");
    try {
      return JSON.readValue(json, Profile.class);
    } catch (JacksonException e) {
      // The full message names the path to the field ("through reference chain: ...").
      throw new IllegalArgumentException("profile is not valid: " + e.getMessage(), e);
    }
  }

  /** Reads a profile file. */
  public static Profile read(Path file) {
    try (InputStream in = Files.newInputStream(file)) {
      return read(in);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read profile " + file, e);
    }
  }

  /** The fixture profile from the classpath. */
  public static Profile fixture() {
    return resource(FIXTURE_RESOURCE);
  }

  /** The measured profile from the classpath: what the emulator uses unless told otherwise. */
  public static Profile measured() {
    return resource(MEASURED_RESOURCE);
  }

  private static Profile resource(String name) {
    try (InputStream in = Profile.class.getResourceAsStream(name)) {
      if (in == null) {
        throw new IllegalStateException(name + " is not on the classpath");
      }
      return read(in);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Writes this profile as indented JSON. */
  public void write(Path file) {
    try {
      Files.createDirectories(file.toAbsolutePath().getParent());
      JSON.writeValue(file.toFile(), this);
    } catch (JacksonException e) {
      throw new IllegalStateException("cannot write profile " + file, e);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write profile " + file, e);
    }
  }
}
