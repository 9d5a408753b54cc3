package io.ratelimiter.admin.web;

import java.time.Duration;
import java.time.Instant;

/** Times as an operator reads them at a glance: "in 12 s", "3 min ago". */
public final class RelativeTime {

    private RelativeTime() {
    }

    /** A length: {@code 12 s}, {@code 4 min}, {@code 3 h}, {@code 2 d}; rounded up, so a pending reset never reads 0. */
    public static String span(Duration duration) {
        long seconds = Math.max(0, (duration.toMillis() + 999) / 1000);
        if (seconds < 120) {
            return seconds + " s";
        }
        if (seconds < 120 * 60) {
            return (seconds + 59) / 60 + " min";
        }
        if (seconds < 48 * 3600) {
            return (seconds + 3599) / 3600 + " h";
        }
        return (seconds + 86_399) / 86_400 + " d";
    }

    /** {@code in 12 s}, or {@code now} once {@code at} has passed. */
    public static String until(Instant at, Instant now) {
        return at.isAfter(now) ? "in " + span(Duration.between(now, at)) : "now";
    }

    /** {@code 3 s ago}, or {@code just now} within the current second. */
    public static String since(Instant at, Instant now) {
        Duration ago = Duration.between(at, now);
        return ago.toMillis() < 1000 ? "just now" : span(ago.minusMillis(999)) + " ago";
    }
}
