package io.ratelimiter.limiter.policy;

import java.util.Locale;

/** What a check answers when Redis cannot be asked (down, too slow, circuit breaker open). */
public enum FailureMode {
    /** Let the request through (fail open): availability over enforcement. The default. */
    ALLOW,
    /** Refuse the request with 503 and {@code Retry-After} (fail closed): for routes that must never go unlimited. */
    DENY;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** @throws InvalidPolicyException when the name is neither {@code allow} nor {@code deny} */
    public static FailureMode fromName(String name) {
        String wanted = name == null ? "" : name.trim().toLowerCase(Locale.ROOT);
        return switch (wanted) {
            case "allow" -> ALLOW;
            case "deny" -> DENY;
            default -> throw new InvalidPolicyException(new InvalidPolicyException.Violation("onRedisFailure",
                    "unknown behaviour when Redis is down '" + name + "'; use allow or deny"));
        };
    }
}
