package io.ratelimiter.loadtest.measure;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class ClosedLoopTest {

    @Test
    void everyMeasuredAnswerIsCountedAndRefusalsAndFailuresApart() {
        AtomicLong asked = new AtomicLong();
        Executor later = CompletableFuture.delayedExecutor(1, TimeUnit.MILLISECONDS);

        ClosedLoop.Result result = ClosedLoop.run(3, Duration.ofMillis(50), Duration.ofMillis(200), (caller, n) -> {
            asked.incrementAndGet();
            if (caller == 2) {
                return CompletableFuture.failedFuture(new IllegalStateException("no answer"));
            }
            // Caller 0 answers at once (the loop must not grow the stack), caller 1 from another thread.
            return caller == 0 ? CompletableFuture.completedFuture(true) : CompletableFuture.supplyAsync(() -> n % 2 == 0, later);
        });

        assertThat(result.calls()).isPositive().isLessThanOrEqualTo(asked.get());
        assertThat(result.latency().count()).isEqualTo((int) result.calls());
        assertThat(result.refused()).as("caller 1's odd answers and all of caller 2's").isPositive().isLessThan(result.calls());
        assertThat(result.perSecond()).isEqualTo(result.calls() / 0.2);
    }
}
