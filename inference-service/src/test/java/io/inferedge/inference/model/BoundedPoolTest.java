package io.inferedge.inference.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpStatus;

class BoundedPoolTest {

  /** A pooled resource that remembers whether it was closed. */
  static final class Resource implements AutoCloseable {
    final int id;
    volatile boolean closed;

    Resource(int id) {
      this.id = id;
    }

    @Override
    public void close() {
      closed = true;
    }
  }

  private final List<Resource> created = new ArrayList<>();

  private BoundedPool<Resource> pool(int size, Duration timeout) {
    return new BoundedPool<>(
        "model test",
        size,
        timeout,
        i -> {
          Resource r = new Resource(i);
          created.add(r);
          return r;
        });
  }

  @Test
  void lendsEachResourceToOneBorrowerAtATime() {
    BoundedPool<Resource> pool = pool(2, Duration.ofMillis(50));

    try (var first = pool.acquire();
        var second = pool.acquire()) {
      assertThat(first.get()).isNotSameAs(second.get());
      assertThat(pool.available()).isZero();
    }
    assertThat(pool.available()).isEqualTo(2);
  }

  @Test
  void refusesWithCapacityExceededWhenNoneIsFreeWithinTheTimeout() {
    BoundedPool<Resource> pool = pool(1, Duration.ofMillis(50));

    try (var held = pool.acquire()) {
      long started = System.nanoTime();
      assertThatThrownBy(pool::acquire)
          .isInstanceOfSatisfying(
              CapacityExceededException.class,
              e -> assertThat(e.status()).isEqualTo(HttpStatus.SERVICE_UNAVAILABLE))
          .hasMessageContaining("all 1 workers of model test stayed busy for 50 ms");
      assertThat(System.nanoTime() - started).isGreaterThanOrEqualTo(50_000_000L);
    }
    try (var again = pool.acquire()) {
      assertThat(again.get()).isSameAs(created.get(0));
    }
  }

  @Test
  void aWaitingBorrowerGetsTheResourceWhenItIsReturned() throws Exception {
    BoundedPool<Resource> pool = pool(1, Duration.ofSeconds(5));
    var held = pool.acquire();

    CompletableFuture<Integer> waiter =
        CompletableFuture.supplyAsync(
            () -> {
              try (var lease = pool.acquire()) {
                return lease.get().id;
              }
            });
    held.close();

    assertThat(waiter.get(5, TimeUnit.SECONDS)).isZero();
  }

  @Test
  void returningALeaseTwiceDoesNotDuplicateTheResource() {
    BoundedPool<Resource> pool = pool(1, Duration.ofMillis(10));
    var lease = pool.acquire();
    lease.close();
    lease.close();

    assertThat(pool.available()).isEqualTo(1);
    assertThatThrownBy(lease::get).isInstanceOf(IllegalStateException.class);
  }

  @Test
  void closeClosesEveryIdleResourceAndRefusesNewBorrowers() {
    BoundedPool<Resource> pool = pool(3, Duration.ofMillis(10));

    assertThat(pool.close()).isZero();

    assertThat(created).hasSize(3).allSatisfy(r -> assertThat(r.closed).isTrue());
    assertThatThrownBy(pool::acquire)
        .isInstanceOf(CapacityExceededException.class)
        .hasMessageContaining("shutting down");
  }

  @Test
  void closeLeavesAResourceThatIsStillLentOpen() {
    BoundedPool<Resource> pool = pool(2, Duration.ofMillis(20));
    var held = pool.acquire();

    assertThat(pool.close()).isEqualTo(1);

    assertThat(held.get().closed).isFalse();
    assertThat(created)
        .filteredOn(r -> r != held.get())
        .allSatisfy(r -> assertThat(r.closed).isTrue());
  }

  @Test
  void closesWhatItCreatedWhenTheFactoryFails() {
    List<Resource> made = new ArrayList<>();

    assertThatThrownBy(
            () ->
                new BoundedPool<>(
                    "model broken",
                    3,
                    Duration.ofMillis(10),
                    i -> {
                      if (i == 2) {
                        throw new IllegalStateException("no more");
                      }
                      Resource r = new Resource(i);
                      made.add(r);
                      return r;
                    }))
        .hasMessage("no more");
    assertThat(made).hasSize(2).allSatisfy(r -> assertThat(r.closed).isTrue());
  }
}
