package io.ratelimiter.limiter.admin;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import io.ratelimiter.limiter.policy.InvalidPolicyException;

/**
 * Which client windows to list.
 *
 * @param order          most used first, or most recently seen first
 * @param identityPrefix only clients whose identity starts with it (e.g. {@code 203.0.113.} or {@code key:ab});
 *                       null or empty for all. With a prefix, windows come ordered by identity.
 * @param page           0 first
 * @param size           1 to {@value Page#MAX_SIZE}
 */
@Serdeable
public record WindowQuery(Order order, @Nullable String identityPrefix, int page, int size) {

    /** How windows are ordered when no prefix is given. */
    public enum Order {
        /** Highest share of the limit used at the last request first ("top clients"). */
        MOST_USED,
        /**
         * Most recently active first: ordered by when each window's state expires, which for windows of one policy
         * is the order of their last requests (a longer window counts as more recent than a shorter one).
         */
        RECENTLY_SEEN
    }

    public WindowQuery {
        if (order == null) {
            order = Order.MOST_USED;
        }
        if (identityPrefix != null && identityPrefix.isBlank()) {
            identityPrefix = null;
        }
        if (page < 0 || page > 100_000) {
            throw new InvalidPolicyException(new InvalidPolicyException.Violation("page", "pages start at 0"));
        }
        if (size < 1 || size > Page.MAX_SIZE) {
            throw new InvalidPolicyException(new InvalidPolicyException.Violation("size",
                    "a page holds 1 to " + Page.MAX_SIZE + " windows"));
        }
    }

    public static WindowQuery top(int size) {
        return new WindowQuery(Order.MOST_USED, null, 0, size);
    }

    public static WindowQuery byPrefix(String identityPrefix, int page, int size) {
        return new WindowQuery(Order.MOST_USED, identityPrefix, page, size);
    }
}
