package io.ratelimiter.admin.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class RelativeTimeTest {

    private static final Instant NOW = Instant.parse("2026-01-01T12:00:00Z");

    @Test
    void resetsReadAsTimeToCome() {
        assertThat(RelativeTime.until(NOW.plusMillis(11_200), NOW)).isEqualTo("in 12 s");
        assertThat(RelativeTime.until(NOW.plus(Duration.ofMinutes(5)), NOW)).isEqualTo("in 5 min");
        assertThat(RelativeTime.until(NOW.minusSeconds(1), NOW)).isEqualTo("now");
    }

    @Test
    void lastSeenReadsAsTimePassed() {
        assertThat(RelativeTime.since(NOW.minusMillis(300), NOW)).isEqualTo("just now");
        assertThat(RelativeTime.since(NOW.minusSeconds(3), NOW)).isEqualTo("3 s ago");
        assertThat(RelativeTime.since(NOW.minus(Duration.ofHours(3)), NOW)).isEqualTo("3 h ago");
        assertThat(RelativeTime.since(NOW.minus(Duration.ofDays(4)), NOW)).isEqualTo("4 d ago");
    }
}
