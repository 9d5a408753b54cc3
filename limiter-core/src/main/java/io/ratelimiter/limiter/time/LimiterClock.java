package io.ratelimiter.limiter.time;

import java.util.OptionalLong;

/**
 * The limiter's two clocks. Decisions take their time from Redis ({@code TIME}, inside the check script), so the
 * clocks of the nodes never matter; the node's own monotonic clock times what happens on the node (the circuit
 * breaker's cool-down, the deny cache, when a busy node stops waiting). A bean: tests replace it to move time
 * themselves instead of waiting for it.
 */
public interface LimiterClock {

    /** The node's monotonic clock, in nanoseconds (as {@link System#nanoTime()}). */
    long nanoTime();

    /** The time of a decision in µs since the epoch, or empty for Redis' own clock (the default). */
    OptionalLong decisionMicros();
}
