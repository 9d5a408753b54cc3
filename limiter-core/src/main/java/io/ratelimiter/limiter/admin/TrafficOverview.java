package io.ratelimiter.limiter.admin;

import io.micronaut.serde.annotation.Serdeable;
import java.time.Instant;
import java.util.List;

/**
 * Decisions of all nodes per second: each node counts its own and adds them to totals in Redis once a second, so
 * the latest second shown is complete.
 *
 * @param allowedPerSecond      mean over the complete seconds in {@code seconds}
 * @param deniedPerSecond       enforced denials (429) per second
 * @param shadowDeniedPerSecond requests a shadow policy would have denied, per second
 * @param trackedWindows        client windows with state in Redis now
 * @param seconds               the last complete seconds, oldest first
 */
@Serdeable
public record TrafficOverview(double allowedPerSecond, double deniedPerSecond, double shadowDeniedPerSecond,
                              long trackedWindows, List<Second> seconds) {

    /** The decisions taken in one second of Redis' clock. */
    @Serdeable
    public record Second(Instant at, long allowed, long denied, long shadowDenied) {
    }

    public TrafficOverview {
        seconds = List.copyOf(seconds);
    }
}
