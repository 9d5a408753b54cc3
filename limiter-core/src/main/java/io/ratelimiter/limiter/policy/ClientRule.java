package io.ratelimiter.limiter.policy;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;

/**
 * An operator's rule for one client, taking precedence over route and default policies on every route.
 *
 * @param identity the client as the limiter identifies it: an IP address ({@code 203.0.113.7}, {@code 2001:db8::1}),
 *                 {@code key:<api key>} or {@code user:<name>}; 1 to 200 printable characters without spaces
 * @param mode     limit with {@code policy}, always allow, or always block
 * @param policy   the client's own policy when {@code mode} is {@link Mode#LIMIT}, else null
 */
@Serdeable
public record ClientRule(String identity, Mode mode, @Nullable Policy policy) {

    /** What the rule does. */
    public enum Mode {
        /** Count the client with its own policy instead of the route's or the default. */
        LIMIT,
        /** Never limit the client (no state is kept for it). */
        ALLOW,
        /** Refuse every request of the client with 403. */
        BLOCK
    }

    public ClientRule {
        if (identity == null || identity.isBlank() || identity.length() > 200
                || identity.chars().anyMatch(c -> c <= ' ' || c == 127)) {
            throw new InvalidPolicyException(new InvalidPolicyException.Violation("identity",
                    "a client is an IP address, key:<api key> or user:<name>, 1 to 200 characters without spaces"));
        }
        if (mode == null) {
            throw new InvalidPolicyException(new InvalidPolicyException.Violation("mode", "choose limit, allow or block"));
        }
        if (mode == Mode.LIMIT && policy == null) {
            throw new InvalidPolicyException(new InvalidPolicyException.Violation("policy",
                    "a client limited by its own rule needs a policy"));
        }
        if (mode != Mode.LIMIT) {
            policy = null;
        }
    }

    public static ClientRule limit(String identity, Policy policy) {
        return new ClientRule(identity, Mode.LIMIT, policy);
    }

    public static ClientRule allow(String identity) {
        return new ClientRule(identity, Mode.ALLOW, null);
    }

    public static ClientRule block(String identity) {
        return new ClientRule(identity, Mode.BLOCK, null);
    }
}
