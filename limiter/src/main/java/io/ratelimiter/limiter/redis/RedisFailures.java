package io.ratelimiter.limiter.redis;

import io.lettuce.core.RedisCommandExecutionException;
import io.lettuce.core.RedisCommandTimeoutException;

/** Failures of Redis commands, told in words for an operator who reads them on a page. */
public final class RedisFailures {

    private RedisFailures() {
    }

    /**
     * Redis' own error text where Redis answered with one (such as {@code CLUSTERDOWN ...}), else what kind of failure
     * it was; never a Java exception's name or message, which the cause keeps for the log.
     */
    public static String describe(Throwable failure) {
        if (failure instanceof RedisCommandExecutionException refused && refused.getMessage() != null) {
            return "Redis refused the operation: " + refused.getMessage();
        }
        if (failure instanceof RedisCommandTimeoutException) {
            return "Redis did not answer in time";
        }
        return "the connection to Redis failed";
    }
}
