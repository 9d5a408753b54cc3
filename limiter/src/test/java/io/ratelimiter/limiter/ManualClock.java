package io.ratelimiter.limiter;

import io.micronaut.context.annotation.Replaces;
import io.micronaut.context.annotation.Requires;
import io.ratelimiter.limiter.time.LimiterClock;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.util.OptionalLong;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The limiter's clocks moved by a test instead of by waiting: decisions are made at a time the test sets (passed to
 * the check script in place of Redis' TIME), and the node's own clock moves by as much. Starts at the real time, and
 * moves only forward, so what Redis keeps expires no earlier than it would have. In a node started with
 * {@code test.manual-clock=true}.
 */
@Singleton
@Replaces(LimiterClock.class)
@Requires(property = "test.manual-clock", value = "true")
public final class ManualClock implements LimiterClock {

    private final AtomicLong micros = new AtomicLong(System.currentTimeMillis() * 1000);
    private final long startedNanos = System.nanoTime();
    private final long startedMicros = micros.get();

    @Override
    public long nanoTime() {
        return startedNanos + (micros.get() - startedMicros) * 1000;
    }

    @Override
    public OptionalLong decisionMicros() {
        return OptionalLong.of(micros.get());
    }

    public long micros() {
        return micros.get();
    }

    public void advance(Duration by) {
        if (by.isNegative()) {
            throw new IllegalArgumentException("the clock only moves forward");
        }
        micros.addAndGet(by.toNanos() / 1000);
    }

    public void advanceMillis(long ms) {
        advance(Duration.ofMillis(ms));
    }

    /** Moves to the next start of a window of this length (and a little past it), so windows begin as the test says. */
    public void alignTo(Duration window) {
        long w = window.toNanos() / 1000;
        micros.updateAndGet(now -> (now / w + 1) * w + 1000);
    }
}
