package io.ratelimiter.limiter.algorithm;

import io.ratelimiter.limiter.policy.FailureMode;
import java.util.List;

/**
 * The answer to one check.
 *
 * @param outcome        what happens to the request
 * @param scope          where the policy came from: {@code default}, the route, or {@code client}
 * @param policy         the policy's name; empty when no policy applied
 * @param onRedisFailure the policy's behaviour when Redis is down, as Redis last said it
 * @param limits         one per limit of the policy, in the policy's order; empty when no policy applied
 */
public record Decision(Outcome outcome, String scope, String policy, FailureMode onRedisFailure,
                       List<LimitState> limits) {

    /** What the limiter does with the request. */
    public enum Outcome {
        /** Within every limit. */
        ALLOWED(true),
        /** Over a limit: 429. */
        DENIED(false),
        /** Over a limit of a shadow policy: admitted, reported as a would-be denial. */
        SHADOW_DENIED(true),
        /** A client rule says never limit this client. */
        ALWAYS_ALLOWED(true),
        /** A client rule blocks this client: 403. */
        BLOCKED(false),
        /** Redis holds no policy for the request (not even a default): admitted. */
        NO_POLICY(true),
        /** Redis could not be asked and the route fails open: admitted. */
        FAILED_OPEN(true),
        /** Redis could not be asked and the route fails closed: 503. */
        FAILED_CLOSED(false);

        private final boolean admitted;

        Outcome(boolean admitted) {
            this.admitted = admitted;
        }

        public boolean admitted() {
            return admitted;
        }
    }

    /**
     * One limit at this request.
     *
     * @param name      the item name in the RateLimit headers: the policy name, suffixed by the window when the
     *                  policy has several limits ({@code default-1s}, {@code default-1d})
     * @param quota     requests per window
     * @param windowMs  the window
     * @param remaining requests left
     * @param resetMs   until the full quota is back
     * @param retryMs   until a request may pass again; 0 unless violated
     * @param violated  this limit refused the request
     */
    public record LimitState(String name, long quota, long windowMs, long remaining, long resetMs, long retryMs,
                             boolean violated) {
    }

    public static Decision failed(FailureMode mode) {
        return new Decision(mode == FailureMode.DENY ? Outcome.FAILED_CLOSED : Outcome.FAILED_OPEN, "", "", mode, List.of());
    }

    /** The limits that refused the request. */
    public List<LimitState> violated() {
        return limits.stream().filter(LimitState::violated).toList();
    }

    /** Milliseconds until the request would pass: the longest wait among the violated limits. */
    public long retryAfterMs() {
        return limits.stream().filter(LimitState::violated).mapToLong(LimitState::retryMs).max().orElse(0);
    }
}
