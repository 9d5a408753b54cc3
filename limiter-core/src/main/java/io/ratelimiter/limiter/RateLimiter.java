package io.ratelimiter.limiter;

import io.ratelimiter.limiter.identity.ClientIdentity;
import java.util.concurrent.CompletableFuture;

/**
 * Asks the limiter whether a request may pass, and counts it if so: one atomic script in Redis per identity, decided
 * by the policy that applies (the client's rule, the route's, or the default). The HTTP filter is built on this; a
 * service may call it for anything else it wants limited (a message, a job). A bean wherever the limiter and a Redis
 * connection are configured.
 *
 * <p>Never completes exceptionally: when Redis cannot be asked, the decision says what the policy's failure mode
 * made of that ({@link Decision.Outcome#FAILED_OPEN}, {@link Decision.Outcome#FAILED_CLOSED}), and when this node is
 * too busy to hear Redis in time, {@link Decision.Outcome#SHED}.
 */
public interface RateLimiter {

    /**
     * @param route the route as the limiter names it: method and route template ({@code GET /{code}}), or any name a
     *              route policy is stored under
     */
    CompletableFuture<Decision> check(ClientIdentity client, String route);

    /** The same, for a client that counts against one identity only. */
    default CompletableFuture<Decision> check(String identity, String route) {
        return check(ClientIdentity.of(identity), route);
    }
}
