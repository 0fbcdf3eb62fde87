package io.inferedge.policy.decision;

import io.inferedge.contracts.StreamRequirements;
import io.inferedge.policy.PolicyProperties;
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

/** Decisions: ask for a plan for a stream, or page through the plans a stream was given. */
@RestController
@RequestMapping("/api/v1/decisions")
final class DecisionController {

  /** {@link StreamRequirements} messages start with the field at fault: "energyWeight must ...". */
  private static final Pattern FIELD_FIRST = Pattern.compile("^([a-z][A-Za-z0-9]*) must ");

  private final DecisionService decisions;
  private final DecisionLog log;
  private final PolicyProperties properties;

  DecisionController(DecisionService decisions, DecisionLog log, PolicyProperties properties) {
    this.decisions = decisions;
    this.log = log;
    this.properties = properties;
  }

  @PostMapping
  Decision decide(@Valid @RequestBody DecisionRequest request) {
    StreamRequirements requirements =
        request.requirements() == null
            ? StreamRequirements.BALANCED
            : requirements(request.requirements());
    return decisions.decide(request.streamId(), requirements);
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
