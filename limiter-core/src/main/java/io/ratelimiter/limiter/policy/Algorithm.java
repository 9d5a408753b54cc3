package io.ratelimiter.limiter.policy;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** How a limit is counted. The wire name is what the Redis policy hash stores and what operators type. */
public enum Algorithm {
    /** Every admitted request is logged; exact, memory grows with the quota. */
    SLIDING_LOG("sliding_log", false),
    /** Two fixed windows, the previous one weighted by how much of it still overlaps; O(1) memory. */
    SLIDING_WINDOW("sliding_window", false),
    /** A counter per calendar window; cheapest, allows up to twice the quota across a window boundary. */
    FIXED_WINDOW("fixed_window", false),
    /** Tokens refill at quota/window; the bucket holds {@code burst} tokens (or the quota when burst is 0). */
    TOKEN_BUCKET("token_bucket", true),
    /** Generic cell rate algorithm: the token bucket's behaviour kept as one timestamp. */
    GCRA("gcra", true);

    private final String wireName;
    private final boolean usesBurst;

    Algorithm(String wireName, boolean usesBurst) {
        this.wireName = wireName;
        this.usesBurst = usesBurst;
    }

    public String wireName() {
        return wireName;
    }

    /** Whether {@link Limit#burst()} means anything to this algorithm; the others refuse a non-zero burst. */
    public boolean usesBurst() {
        return usesBurst;
    }

    /**
     * The algorithm of that wire name (case-insensitive, dashes accepted for underscores).
     *
     * @throws InvalidPolicyException naming the known algorithms when there is no such algorithm
     */
    public static Algorithm fromName(String name) {
        String wanted = name == null ? "" : name.trim().toLowerCase(Locale.ROOT).replace('-', '_');
        for (Algorithm algorithm : values()) {
            if (algorithm.wireName.equals(wanted)) {
                return algorithm;
            }
        }
        throw new InvalidPolicyException(new InvalidPolicyException.Violation("algorithm",
                "unknown algorithm '" + name + "'; use one of " + names()));
    }

    static String names() {
        return Arrays.stream(values()).map(Algorithm::wireName).collect(Collectors.joining(", "));
    }
}
