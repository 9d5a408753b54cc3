package io.ratelimiter.admin;

import io.micronaut.context.annotation.Factory;
import jakarta.inject.Singleton;
import java.time.Clock;

/** The console's one source of time (audit entries, session lifetimes, the sign-in throttle), so tests can set it. */
@Factory
final class ClockFactory {

    @Singleton
    Clock clock() {
        return Clock.systemUTC();
    }
}
