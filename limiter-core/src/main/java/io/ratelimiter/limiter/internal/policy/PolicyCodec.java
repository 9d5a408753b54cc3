package io.ratelimiter.limiter.internal.policy;

import io.ratelimiter.limiter.policy.Algorithm;
import io.ratelimiter.limiter.policy.ClientRule;
import io.ratelimiter.limiter.policy.FailureMode;
import io.ratelimiter.limiter.policy.InvalidPolicyException;
import io.ratelimiter.limiter.policy.Limit;
import io.ratelimiter.limiter.policy.Policy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Policies as the check script reads them: one hash field each, parsed by one pattern match in Lua.
 * {@code L|<name>|<a|d>|<shadow 0|1>|<deny cache ms>|<algorithm code>|<limit>,...} with each limit
 * {@code <quota>:<window ms>:<burst>:<drain>:<cost>} (the last two are the {@link SteadyRate}, worked out here
 * once so no check has to); {@code A|} for a client always allowed, {@code B|} for one blocked, {@code -} for a
 * deleted policy. The algorithm codes are the ones algorithms/*.lua register under.
 */
public final class PolicyCodec {

    /** What a deleted shared policy leaves behind, so that a deletion is versioned and seeding does not undo it. */
    public static final String DELETED = "-";

    private static final Map<Algorithm, String> CODES = Map.of(Algorithm.SLIDING_LOG, "l", Algorithm.SLIDING_WINDOW, "s",
            Algorithm.FIXED_WINDOW, "f", Algorithm.TOKEN_BUCKET, "t", Algorithm.GCRA, "g");
    private static final Pattern STORED = Pattern.compile("L\\|([^|]*)\\|([ad])\\|([01])\\|(\\d+)\\|([a-z])\\|(.+)");
    private static final Pattern LIMIT = Pattern.compile("(\\d+):(\\d+):(\\d+):\\d+:\\d+");

    private PolicyCodec() {
    }

    public static String encode(Policy policy) {
        String limits = policy.limits().stream().map(limit -> {
            SteadyRate rate = SteadyRate.of(limit);
            return limit.quota() + ":" + limit.window().toMillis() + ":" + limit.burst() + ":" + rate.drain() + ":" + rate.cost();
        }).collect(Collectors.joining(","));
        return "L|" + policy.name() + "|" + (policy.onRedisFailure() == FailureMode.DENY ? "d" : "a") + "|"
                + (policy.shadow() ? "1" : "0") + "|" + policy.denyCache().toMillis() + "|" + code(policy.algorithm())
                + "|" + limits;
    }

    public static String encode(ClientRule rule) {
        return switch (rule.mode()) {
            case ALLOW -> "A|";
            case BLOCK -> "B|";
            case LIMIT -> encode(rule.policy());
        };
    }

    /** @throws InvalidPolicyException when the text is no stored policy this version can read */
    public static Policy policy(String stored) {
        Matcher matcher = STORED.matcher(stored == null ? "" : stored);
        if (!matcher.matches()) {
            throw new InvalidPolicyException(new InvalidPolicyException.Violation("policy",
                    "the stored policy '" + stored + "' cannot be read by this version"));
        }
        List<Limit> limits = new ArrayList<>();
        for (String limit : matcher.group(6).split(",")) {
            Matcher parts = LIMIT.matcher(limit);
            if (!parts.matches()) {
                throw new InvalidPolicyException(new InvalidPolicyException.Violation("limits",
                        "the stored limit '" + limit + "' cannot be read by this version"));
            }
            limits.add(new Limit(Long.parseLong(parts.group(1)), Duration.ofMillis(Long.parseLong(parts.group(2))),
                    Long.parseLong(parts.group(3))));
        }
        return new Policy(matcher.group(1), algorithm(matcher.group(5)), limits,
                "d".equals(matcher.group(2)) ? FailureMode.DENY : FailureMode.ALLOW, "1".equals(matcher.group(3)),
                Duration.ofMillis(Long.parseLong(matcher.group(4))));
    }

    public static ClientRule clientRule(String identity, String stored) {
        if ("A|".equals(stored)) {
            return ClientRule.allow(identity);
        }
        if ("B|".equals(stored)) {
            return ClientRule.block(identity);
        }
        return ClientRule.limit(identity, policy(stored));
    }

    public static String code(Algorithm algorithm) {
        return CODES.get(algorithm);
    }

    /** @throws InvalidPolicyException for a code no algorithm of this version has */
    public static Algorithm algorithm(String code) {
        return CODES.entrySet().stream().filter(e -> e.getValue().equals(code)).map(Map.Entry::getKey).findFirst()
                .orElseThrow(() -> new InvalidPolicyException(new InvalidPolicyException.Violation("algorithm",
                        "the stored algorithm code '" + code + "' is unknown to this version")));
    }
}
