package io.ratelimiter.limiter.internal.redis;

import io.lettuce.core.RedisCommandExecutionException;
import io.lettuce.core.RedisCommandTimeoutException;
import io.lettuce.core.RedisException;

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

    /**
     * Whether the failed command certainly changed nothing: Redis answered it with an error (our admin scripts check
     * before they write), or Lettuce refused to send it because the connection was down. Anything else (a timeout, a
     * connection lost after sending) leaves the outcome unknown.
     */
    public static boolean certainlyNotApplied(Throwable failure) {
        if (failure instanceof RedisCommandExecutionException) {
            return true;
        }
        String message = failure == null ? null : failure.getMessage();
        return failure instanceof RedisException && message != null && message.startsWith("Currently not connected");
    }
}
