package io.ratelimiter.limiter;

import io.ratelimiter.limiter.policy.FailureMode;
import java.util.List;

/**
 * The answer to one check.
 *
 * @param outcome        what happens to the request
 * @param scope          where the policy came from: {@code default}, the route, or {@code client}
 * @param policy         the policy's name; empty when no policy applied
 * @param onRedisFailure what the policy that decided says to do while Redis cannot be asked
 * @param routeFailure   what the route's own policy (or the default) says, whatever decided this request: a client
 *                       rule's mode holds for that client only
 * @param shadow         the policy runs in shadow mode: counted, never enforced, never shown to the client
 * @param denyCacheMs    how long a node may go on denying this client without asking Redis (0: never)
 * @param problem        why the policy could not be applied, for {@link Outcome#POLICY_ERROR_OPEN} and
 *                       {@link Outcome#POLICY_ERROR_CLOSED}; else empty
 * @param limits         one per limit of the policy, in the policy's order; empty when no policy applied
 */
public record Decision(Outcome outcome, String scope, String policy, FailureMode onRedisFailure, FailureMode routeFailure,
                       boolean shadow, long denyCacheMs, String problem, List<LimitState> limits) {

    /** What the limiter does with the request. */
    public enum Outcome {
        /** Within every limit. */
        ALLOWED(true),
        /** Over a limit: 429. */
        DENIED(false),
        /** Over a limit of a shadow policy: admitted, reported as a would-be denial in metrics and the console only. */
        SHADOW_DENIED(true),
        /** A client rule says never limit this client. */
        ALWAYS_ALLOWED(true),
        /** A client rule blocks this client: 403. */
        BLOCKED(false),
        /** Redis holds no policy for the request (not even a default): admitted. */
        NO_POLICY(true),
        /** The stored policy cannot be applied (an algorithm this node does not know) and says fail open. */
        POLICY_ERROR_OPEN(true),
        /** The stored policy cannot be applied and says fail closed: 503. */
        POLICY_ERROR_CLOSED(false),
        /** Redis cannot be reached and the route fails open: admitted. */
        FAILED_OPEN(true),
        /** Redis cannot be reached and the route fails closed: 503. */
        FAILED_CLOSED(false),
        /** Redis answers, but this node is too far behind to wait for its answer: 503, retry shortly. */
        SHED(false);

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

    public Decision {
        limits = List.copyOf(limits);
    }

    /** Redis could not be asked: the route's (or the client's) failure mode decides. */
    public static Decision failed(FailureMode mode) {
        return new Decision(mode == FailureMode.DENY ? Outcome.FAILED_CLOSED : Outcome.FAILED_OPEN, "", "", mode, mode,
                false, 0, "", List.of());
    }

    /** The node is too far behind to wait for Redis' answer. */
    public static Decision shed() {
        return new Decision(Outcome.SHED, "", "", FailureMode.ALLOW, FailureMode.ALLOW, false, 0, "", List.of());
    }

    /** The limits that refused the request. */
    public List<LimitState> violated() {
        return limits.stream().filter(LimitState::violated).toList();
    }

    /** Milliseconds until the request would pass: the longest wait among the violated limits. */
    public long retryAfterMs() {
        return limits.stream().filter(LimitState::violated).mapToLong(LimitState::retryMs).max().orElse(0);
    }

    /** This denial as a node answers it from its deny cache {@code elapsedMs} later: the waits shortened by as much. */
    public Decision later(long elapsedMs) {
        return new Decision(outcome, scope, policy, onRedisFailure, routeFailure, shadow, denyCacheMs, problem,
                limits.stream().map(l -> new LimitState(l.name(), l.quota(), l.windowMs(), l.remaining(),
                        Math.max(0, l.resetMs() - elapsedMs), Math.max(0, l.retryMs() - elapsedMs), l.violated())).toList());
    }
}
