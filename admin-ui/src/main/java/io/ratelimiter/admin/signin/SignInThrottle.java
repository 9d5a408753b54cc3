package io.ratelimiter.admin.signin;

import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Counts failed sign-ins per username and per client address; after too many within the lockout period both are
 * refused, right password or not, until the period has passed. Kept in memory: the console is one process, and a
 * restart forgiving an attacker a few guesses costs less than a dependency on Redis for the way in.
 */
@Singleton
final class SignInThrottle {

    /** Bounds the memory an attacker cycling through addresses or names can make us hold. */
    private static final int MAX_TRACKED = 20_000;

    private record Failures(int count, Instant since) {
    }

    private final int maxFailures;
    private final Duration lockout;
    private final Clock clock;
    private final Map<String, Failures> failures = new ConcurrentHashMap<>();

    @Inject
    SignInThrottle(OperatorConfiguration configuration) {
        this(configuration.maxFailedSignIns(), configuration.signInLockout(), Clock.systemUTC());
    }

    SignInThrottle(int maxFailures, Duration lockout, Clock clock) {
        this.maxFailures = maxFailures;
        this.lockout = lockout;
        this.clock = clock;
    }

    /** How long this username or address must still wait, if either is locked out. */
    Optional<Duration> lockedOutFor(String username, String address) {
        Instant now = clock.instant();
        Duration wait = Duration.ZERO;
        for (String key : keys(username, address)) {
            Failures seen = failures.get(key);
            if (seen != null && seen.count() >= maxFailures) {
                Duration left = Duration.between(now, seen.since().plus(lockout));
                if (left.compareTo(wait) > 0) {
                    wait = left;
                }
            }
        }
        return wait.isZero() || wait.isNegative() ? Optional.empty() : Optional.of(wait);
    }

    void failed(String username, String address) {
        Instant now = clock.instant();
        if (failures.size() >= MAX_TRACKED) {
            failures.values().removeIf(seen -> !now.isBefore(seen.since().plus(lockout)));
        }
        for (String key : keys(username, address)) {
            failures.merge(key, new Failures(1, now), (old, one) -> now.isBefore(old.since().plus(lockout))
                    ? new Failures(old.count() + 1, old.since())
                    : one);
        }
    }

    void succeeded(String username, String address) {
        for (String key : keys(username, address)) {
            failures.remove(key);
        }
    }

    private static String[] keys(String username, String address) {
        String name = username == null ? "" : username.trim().toLowerCase(Locale.ROOT);
        return new String[]{"user:" + name, "address:" + address};
    }
}
