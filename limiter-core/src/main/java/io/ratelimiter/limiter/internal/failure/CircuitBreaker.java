package io.ratelimiter.limiter.internal.failure;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/**
 * Stops asking a Redis that keeps failing: after {@code threshold} consecutive failures it opens, and for
 * {@code coolDown} every check is answered without Redis. Then one probe goes through (half-open): its success
 * closes the breaker, its failure opens it for another cool-down. Lock-free; the clock is injectable for tests.
 */
final class CircuitBreaker {

    enum State { CLOSED, OPEN, HALF_OPEN }

    private static final long CLOSED = Long.MIN_VALUE;

    private final int threshold;
    private final long coolDownNanos;
    private final LongSupplier clock;
    private final AtomicInteger consecutiveFailures = new AtomicInteger();
    /** {@link #CLOSED}, or when the breaker opened; a probe in flight has moved it to the far future. */
    private final AtomicLong openedAt = new AtomicLong(CLOSED);

    CircuitBreaker(int threshold, Duration coolDown, LongSupplier clock) {
        this.threshold = threshold;
        this.coolDownNanos = coolDown.toNanos();
        this.clock = clock;
    }

    /** Whether this check may ask Redis: always when closed, once per cool-down (the probe) when open. */
    boolean tryAcquire() {
        long opened = openedAt.get();
        if (opened == CLOSED) {
            return true;
        }
        long now = clock.getAsLong();
        // Claiming the probe pushes the next one a full cool-down away, so only one check probes at a time.
        return now - opened >= coolDownNanos && openedAt.compareAndSet(opened, now);
    }

    /** @return whether this success closed an open breaker */
    boolean onSuccess() {
        consecutiveFailures.set(0);
        return openedAt.getAndSet(CLOSED) != CLOSED;
    }

    /** @return whether this failure opened the breaker */
    boolean onFailure() {
        if (openedAt.get() != CLOSED) {
            openedAt.set(clock.getAsLong());
            return false;
        }
        if (consecutiveFailures.incrementAndGet() >= threshold) {
            return openedAt.compareAndSet(CLOSED, clock.getAsLong());
        }
        return false;
    }

    State state() {
        long opened = openedAt.get();
        if (opened == CLOSED) {
            return State.CLOSED;
        }
        return clock.getAsLong() - opened >= coolDownNanos ? State.HALF_OPEN : State.OPEN;
    }
}
