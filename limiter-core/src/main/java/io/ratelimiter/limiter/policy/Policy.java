package io.ratelimiter.limiter.policy;

import io.ratelimiter.limiter.internal.policy.SteadyRate;

import io.micronaut.serde.annotation.Serdeable;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A named set of limits counted by one algorithm. Immutable and valid once built; every node reads it from Redis on
 * every check, so a stored policy holds everywhere at the next request, and a policy is always replaced whole.
 *
 * @param name           shown to clients in the RateLimit headers and problem bodies; letters, digits, {@code . _ -},
 *                       1 to 40 characters
 * @param algorithm      how the limits are counted
 * @param limits         1 to {@value #MAX_LIMITS} limits of different windows, all checked, the tightest deciding
 * @param onRedisFailure what a check answers when Redis cannot be asked
 * @param shadow         decided and counted in metrics and the console, but never enforced and never shown to the
 *                       client (no RateLimit headers), so a trial has no effect on clients
 * @param denyCache      0 (off), or how long a node may go on denying a client it just saw denied without asking
 *                       Redis, at most until the denial's own retry time: fewer Redis calls from a client that keeps
 *                       knocking, at the price that a raised limit reaches that client up to this much later
 */
@Serdeable
public record Policy(String name, Algorithm algorithm, List<Limit> limits, FailureMode onRedisFailure, boolean shadow,
                     Duration denyCache) {

    public static final int MAX_LIMITS = 4;
    public static final Duration MAX_DENY_CACHE = Duration.ofMinutes(1);
    /** A sliding log stores one entry per admitted request; beyond this a counter algorithm is the sane choice. */
    public static final long MAX_SLIDING_LOG_QUOTA = 100_000;

    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9._-]{1,40}");

    public Policy {
        List<InvalidPolicyException.Violation> violations = new ArrayList<>();
        if (name == null || !NAME.matcher(name).matches()) {
            violations.add(new InvalidPolicyException.Violation("name",
                    "the name must be 1 to 40 letters, digits, '.', '_' or '-', not '" + name + "'"));
        }
        if (algorithm == null) {
            violations.add(new InvalidPolicyException.Violation("algorithm",
                    "an algorithm is required: one of " + Algorithm.names()));
        }
        if (onRedisFailure == null) {
            onRedisFailure = FailureMode.ALLOW;
        }
        if (denyCache == null) {
            denyCache = Duration.ZERO;
        }
        if (denyCache.isNegative() || denyCache.compareTo(MAX_DENY_CACHE) > 0 || denyCache.toNanos() % 1_000_000 != 0) {
            violations.add(new InvalidPolicyException.Violation("denyCache",
                    "the deny cache is 0 (off) or whole milliseconds up to " + MAX_DENY_CACHE.toSeconds() + " s"));
            denyCache = Duration.ZERO;
        }
        if (limits == null || limits.isEmpty() || limits.size() > MAX_LIMITS) {
            violations.add(new InvalidPolicyException.Violation("limits",
                    "a policy needs 1 to " + MAX_LIMITS + " limits, not " + (limits == null ? 0 : limits.size())));
            limits = List.of();
        } else {
            limits = List.copyOf(limits);
        }
        Set<Long> windows = new HashSet<>();
        for (int i = 0; i < limits.size(); i++) {
            Limit limit = limits.get(i);
            if (!windows.add(limit.window().toMillis())) {
                violations.add(new InvalidPolicyException.Violation("limits[" + i + "].window",
                        "two limits of one policy cannot share the window " + limit.window().toMillis() + " ms"));
            }
            if (algorithm != null && !algorithm.usesBurst() && limit.burst() != 0) {
                violations.add(new InvalidPolicyException.Violation("limits[" + i + "].burst",
                        "a burst only applies to token_bucket and gcra; leave it 0 for " + algorithm.wireName()));
            }
            if (algorithm == Algorithm.SLIDING_LOG && limit.quota() > MAX_SLIDING_LOG_QUOTA) {
                violations.add(new InvalidPolicyException.Violation("limits[" + i + "].quota",
                        "sliding_log keeps one entry per request; use at most " + MAX_SLIDING_LOG_QUOTA
                                + " or a counter algorithm such as sliding_window"));
            }
            if (algorithm != null && algorithm.usesBurst() && !SteadyRate.of(limit).exact()) {
                violations.add(new InvalidPolicyException.Violation("limits[" + i + "]",
                        algorithm.wireName() + " cannot keep " + limit + " exactly (its bucket would need more than 53 bits"
                                + " of precision); round the quota, the burst or the window, e.g. to a multiple of 10"));
            }
        }
        if (!violations.isEmpty()) {
            throw new InvalidPolicyException(violations);
        }
    }

    /** A policy without a deny cache. */
    public Policy(String name, Algorithm algorithm, List<Limit> limits, FailureMode onRedisFailure, boolean shadow) {
        this(name, algorithm, limits, onRedisFailure, shadow, Duration.ZERO);
    }

    /** An enforced, fail-open policy with one limit. */
    public static Policy of(String name, Algorithm algorithm, Limit limit) {
        return new Policy(name, algorithm, List.of(limit), FailureMode.ALLOW, false);
    }

    public Policy withName(String newName) {
        return new Policy(newName, algorithm, limits, onRedisFailure, shadow, denyCache);
    }

    public Policy withDenyCache(Duration bound) {
        return new Policy(name, algorithm, limits, onRedisFailure, shadow, bound);
    }
}
