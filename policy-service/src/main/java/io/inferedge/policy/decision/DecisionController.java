package io.inferedge.policy.decision;

import io.inferedge.contracts.StreamRequirements;
import io.inferedge.policy.PolicyProperties;
import io.inferedge.policy.environment.EmulatorConfig;
import io.inferedge.policy.profile.Profile;
import io.inferedge.support.web.BadRequestException;
import io.inferedge.support.web.PageResponse;
import jakarta.validation.Valid;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Decisions: ask for a plan for a stream (with its state, the active trained policy decides and the
 * response carries the action probabilities and the policy version), or page through the plans a
 * stream was given.
 */
@RestController
@RequestMapping("/api/v1/decisions")
final class DecisionController {

  /** {@link StreamRequirements} messages start with the field at fault: "energyWeight must ...". */
  private static final Pattern FIELD_FIRST = Pattern.compile("^([a-z][A-Za-z0-9]*) must ");

  private final DecisionService decisions;
  private final DecisionLog log;
  private final PolicyProperties properties;
  private final Profile profile;

  DecisionController(
      DecisionService decisions, DecisionLog log, PolicyProperties properties, Profile profile) {
    this.decisions = decisions;
    this.log = log;
    this.properties = properties;
    this.profile = profile;
  }

  @PostMapping
  Decision decide(@Valid @RequestBody DecisionRequest request) {
    if (request.requirements() != null && request.profile() != null) {
      throw new BadRequestException("profile", "give either requirements or profile, not both");
    }
    StreamRequirements requirements =
        request.profile() != null
            ? namedProfile(request.profile())
            : request.requirements() == null
                ? StreamRequirements.BALANCED
                : requirements(request.requirements());
    StreamState state = request.state() == null ? null : state(request.state());
    return decisions.decide(request.streamId(), requirements, state);
  }

  private static StreamRequirements namedProfile(String name) {
    int i = EmulatorConfig.REQUIREMENT_NAMES.indexOf(name);
    if (i < 0) {
      throw new BadRequestException(
          "profile",
          "profile must be one of " + EmulatorConfig.REQUIREMENT_NAMES + ", was '" + name + "'");
    }
    return EmulatorConfig.NAMED_REQUIREMENTS.get(i);
  }

  private StreamState state(DecisionRequest.State body) {
    StreamState state;
    try {
      state = body.toStreamState();
    } catch (IllegalArgumentException e) {
      throw new BadRequestException("state.lastPlan", e.getMessage(), e);
    }
    if (profile.devices().stream().noneMatch(d -> d.name().equals(state.device()))) {
      throw new BadRequestException(
          "state.device",
          "device must be a device class of profile "
              + profile.name()
              + " "
              + profile.devices().stream().map(d -> d.name()).toList()
              + ", was '"
              + state.device()
              + "'");
    }
    if (state.lastPlan() != null) {
      int model = profile.modelNames().indexOf(state.lastPlan().modelVersion());
      if (model < 0 || state.lastPlan().cutPoint() > profile.models().get(model).blocks()) {
        throw new BadRequestException(
            "state.lastPlan",
            "lastPlan must be a plan of the profile's models, was " + state.lastPlan().configId());
      }
    }
    return state;
  }

  @GetMapping
  PageResponse<Decision> list(@Valid DecisionQuery query) {
    int page = query.page() == null ? 0 : query.page();
    int size = query.size() == null ? properties.defaultPageSize() : query.size();
    if (size > properties.maxPageSize()) {
      throw new BadRequestException(
          "size", "size must be <= " + properties.maxPageSize() + ", was " + size);
    }
    return log.findByStream(query.streamId(), page, size);
  }

  private static StreamRequirements requirements(DecisionRequest.Requirements body) {
    try {
      return body.toStreamRequirements();
    } catch (IllegalArgumentException e) {
      Matcher field = FIELD_FIRST.matcher(String.valueOf(e.getMessage()));
      // A rule over several fields (the weights' sum) blames the whole object.
      String name = field.find() ? "requirements." + field.group(1) : "requirements";
      throw new BadRequestException(name, e.getMessage(), e);
    }
  }
}
