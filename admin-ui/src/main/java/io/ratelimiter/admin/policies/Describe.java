package io.ratelimiter.admin.policies;

import io.ratelimiter.limiter.policy.ClientRule;
import io.ratelimiter.limiter.policy.FailureMode;
import io.ratelimiter.limiter.policy.Limit;
import io.ratelimiter.limiter.policy.Policy;
import java.util.Optional;
import java.util.stream.Collectors;

/** One line per policy or rule, as the audit log and the policy tables show them. */
final class Describe {

    static final String NONE = "none";

    private Describe() {
    }

    static String policy(Policy policy) {
        return policy.name() + ": " + policy.algorithm().wireName() + " "
                + policy.limits().stream().map(Limit::toString).collect(Collectors.joining(", "))
                + (policy.onRedisFailure() == FailureMode.DENY ? ", fails closed" : ", fails open")
                + (policy.shadow() ? ", shadow" : "");
    }

    static String policy(Optional<Policy> policy) {
        return policy.map(Describe::policy).orElse(NONE);
    }

    static String rule(ClientRule rule) {
        return switch (rule.mode()) {
            case ALLOW -> "always allow";
            case BLOCK -> "block";
            case LIMIT -> "limit with " + policy(rule.policy());
        };
    }

    static String rule(Optional<ClientRule> rule) {
        return rule.map(Describe::rule).orElse(NONE);
    }
}
