package io.ratelimiter.admin.signin;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class SignInThrottleTest {

    private Instant now = Instant.parse("2026-01-01T00:00:00Z");
    private final SignInThrottle throttle = new SignInThrottle(3, Duration.ofMinutes(15), new Clock() {
        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    });

    @Test
    void aUsernameIsLockedOutWhateverAddressTheGuessesComeFrom() {
        throttle.failed("operator", "10.0.0.1");
        throttle.failed("operator", "10.0.0.2");
        throttle.failed("Operator", "10.0.0.3");

        assertThat(throttle.lockedOutFor("operator", "10.0.0.4")).contains(Duration.ofMinutes(15));
        assertThat(throttle.lockedOutFor("someone-else", "10.0.0.4")).isEmpty();
    }

    @Test
    void anAddressIsLockedOutWhateverUsernamesItTries() {
        throttle.failed("a", "10.0.0.9");
        throttle.failed("b", "10.0.0.9");
        throttle.failed("c", "10.0.0.9");

        assertThat(throttle.lockedOutFor("operator", "10.0.0.9")).isPresent();
        assertThat(throttle.lockedOutFor("operator", "10.0.0.10")).isEmpty();
    }

    @Test
    void theLockoutEndsWhenItsPeriodHasPassed() {
        for (int i = 0; i < 3; i++) {
            throttle.failed("operator", "10.0.0.1");
        }
        now = now.plus(Duration.ofMinutes(10));
        assertThat(throttle.lockedOutFor("operator", "10.0.0.1")).contains(Duration.ofMinutes(5));

        now = now.plus(Duration.ofMinutes(5));

        assertThat(throttle.lockedOutFor("operator", "10.0.0.1")).isEmpty();
    }

    @Test
    void fewerFailuresThanTheLimitLockNothingAndASuccessForgetsThem() {
        throttle.failed("operator", "10.0.0.1");
        throttle.failed("operator", "10.0.0.1");
        assertThat(throttle.lockedOutFor("operator", "10.0.0.1")).isEmpty();

        throttle.succeeded("operator", "10.0.0.1");
        throttle.failed("operator", "10.0.0.1");

        assertThat(throttle.lockedOutFor("operator", "10.0.0.1")).isEmpty();
    }
}
