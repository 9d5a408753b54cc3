package io.ratelimiter.limiter.internal.failure;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class CircuitBreakerTest {

    private final AtomicLong now = new AtomicLong(1_000_000_000L);
    private final CircuitBreaker breaker = new CircuitBreaker(3, Duration.ofSeconds(1), now::get);

    @Test
    void opensAfterTheThresholdOfConsecutiveFailures() {
        breaker.onFailure();
        breaker.onSuccess();
        breaker.onFailure();
        breaker.onFailure();
        assertThat(breaker.tryAcquire()).isTrue();

        assertThat(breaker.onFailure()).isTrue();

        assertThat(breaker.state()).isEqualTo(CircuitBreaker.State.OPEN);
        assertThat(breaker.tryAcquire()).isFalse();
    }

    @Test
    void letsOneProbeThroughAfterTheCoolDownAndClosesWhenItSucceeds() {
        for (int i = 0; i < 3; i++) {
            breaker.onFailure();
        }
        now.addAndGet(Duration.ofSeconds(1).toNanos());

        assertThat(breaker.tryAcquire()).isTrue();
        assertThat(breaker.tryAcquire()).as("a second probe at once").isFalse();
        assertThat(breaker.onSuccess()).isTrue();
        assertThat(breaker.state()).isEqualTo(CircuitBreaker.State.CLOSED);
        assertThat(breaker.tryAcquire()).isTrue();
    }

    @Test
    void aFailedProbeOpensItForAnotherCoolDown() {
        for (int i = 0; i < 3; i++) {
            breaker.onFailure();
        }
        now.addAndGet(Duration.ofSeconds(1).toNanos());
        assertThat(breaker.tryAcquire()).isTrue();

        breaker.onFailure();
        now.addAndGet(Duration.ofMillis(500).toNanos());

        assertThat(breaker.tryAcquire()).isFalse();
        now.addAndGet(Duration.ofMillis(500).toNanos());
        assertThat(breaker.tryAcquire()).isTrue();
    }
}
