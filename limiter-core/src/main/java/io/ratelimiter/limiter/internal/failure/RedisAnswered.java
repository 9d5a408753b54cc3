package io.ratelimiter.limiter.internal.failure;

import io.lettuce.core.RedisCommandExecutionException;

/** Whether a failed command still proves that Redis is there: it answered, with an error. */
final class RedisAnswered {

    private RedisAnswered() {
    }

    static boolean byError(Throwable failure) {
        return failure instanceof RedisCommandExecutionException;
    }
}
