package io.inferedge.gateway.policy;

import static io.inferedge.gateway.policy.PolicyPublishedFlowTest.policy;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class ActivePolicyTest {

  static final Instant T = Instant.parse("2026-11-01T10:00:00Z");
  final ActivePolicy active =
      new ActivePolicy(Clock.fixed(Instant.parse("2026-11-01T12:00:00Z"), ZoneOffset.UTC));

  @Test
  void emptyUntilTheFirstPolicy() {
    assertThat(active.current()).isEmpty();
  }

  @Test
  void keepsTheMostRecentlyActivatedPolicyWhateverTheDeliveryOrder() {
    assertThat(active.offer(policy(3, T))).isTrue();
    assertThat(active.offer(policy(2, T.minusSeconds(1)))).isFalse();
    assertThat(active.current().orElseThrow().policy().policyVersion()).isEqualTo(3);

    // A rollback: version 2 activated again, later.
    assertThat(active.offer(policy(2, T.plusSeconds(1)))).isTrue();
    assertThat(active.current().orElseThrow().policy().policyVersion()).isEqualTo(2);
    assertThat(active.current().orElseThrow().receivedAt())
        .isEqualTo(Instant.parse("2026-11-01T12:00:00Z"));
  }

  @Test
  void aDuplicateDeliveryChangesNothing() {
    var first = policy(4, T);
    active.offer(first);

    assertThat(active.offer(first)).isFalse();
    assertThat(active.current().orElseThrow().policy()).isSameAs(first);
  }
}
