package io.ratelimiter.limiter.time;

import jakarta.inject.Singleton;
import java.util.OptionalLong;

/** The clocks in production: the node's {@link System#nanoTime()}, and Redis' TIME for decisions. */
@Singleton
final class SystemClock implements LimiterClock {

    @Override
    public long nanoTime() {
        return System.nanoTime();
    }

    @Override
    public OptionalLong decisionMicros() {
        return OptionalLong.empty();
    }
}
