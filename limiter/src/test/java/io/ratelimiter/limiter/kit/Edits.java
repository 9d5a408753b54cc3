package io.ratelimiter.limiter.kit;

import io.ratelimiter.limiter.policy.Algorithm;
import io.ratelimiter.limiter.policy.Limit;

/** What the edit table promises, in numbers a test can hold a decision to. */
final class Edits {

    private Edits() {
    }

    /**
     * The longest the policy alone can make a client wait, in ms: its window for the fixed window and the sliding log,
     * two windows for the sliding window counter (a full window weighs on the next), one request's refill for the
     * token bucket and GCRA (an empty bucket refills one request at a time).
     */
    static long longestWait(Algorithm algorithm, Limit limit) {
        long window = limit.window().toMillis();
        return switch (algorithm) {
            case FIXED_WINDOW, SLIDING_LOG -> window;
            case SLIDING_WINDOW -> 2 * window;
            case TOKEN_BUCKET, GCRA -> (window + limit.quota() - 1) / limit.quota();
        };
    }

    /** The longest a client may be told to wait before its full quota is back: a bucket refills whole in its window. */
    static long longestReset(Algorithm algorithm, Limit limit) {
        return algorithm == Algorithm.SLIDING_WINDOW ? 2 * limit.window().toMillis() : limit.window().toMillis()
                * (algorithm.usesBurst() ? Math.max(1, limit.capacity() / limit.quota() + 1) : 1);
    }
}
