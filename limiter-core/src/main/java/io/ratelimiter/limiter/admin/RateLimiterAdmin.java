package io.ratelimiter.limiter.admin;

import io.ratelimiter.limiter.policy.ClientRule;
import io.ratelimiter.limiter.policy.InvalidPolicyException;
import io.ratelimiter.limiter.policy.Policy;
import io.ratelimiter.limiter.policy.Route;
import java.util.List;
import java.util.Optional;

/**
 * What operators (and the admin console) may do with the limiter, without knowing how anything is stored in Redis.
 * A bean wherever the limiter module and a Redis connection are configured.
 *
 * <p>Every write is stored whole and atomically, and holds on every node at the next request: nodes keep no copy
 * of a policy. (On a Redis Cluster the default and route policies are copied into every bucket; a copy a failure kept
 * from the change is repaired within seconds: see {@link #policyCopies()}.) Methods block until Redis answered (bounded by Redis' command timeout): call them from a blocking
 * thread, e.g. a controller annotated {@code @ExecuteOn(TaskExecutors.BLOCKING)}. When Redis cannot be reached they
 * throw {@link RedisUnavailableException}; invalid values never reach Redis: the records refuse them on construction
 * with an {@link InvalidPolicyException} that names each field and problem.
 */
public interface RateLimiterAdmin {

    /** The policy for every request no route or client rule covers (seeded from configuration when absent). */
    Optional<Policy> defaultPolicy();

    void setDefaultPolicy(Policy policy);

    /** Every per-route policy, ordered by route. */
    List<RoutePolicy> routePolicies();

    Optional<Policy> routePolicy(Route route);

    void setRoutePolicy(Route route, Policy policy);

    /** @return whether there was a policy to delete; the route falls back to the default policy */
    boolean deleteRoutePolicy(Route route);

    /** Client rules ordered by identity, {@code size} per page (1 to {@value Page#MAX_SIZE}), page 0 first. */
    Page<ClientRule> clientRules(int page, int size);

    Optional<ClientRule> clientRule(String identity);

    /** Stores (or replaces) the rule of {@code rule.identity()}: limit with its own policy, always allow, or block. */
    void setClientRule(ClientRule rule);

    /** @return whether there was a rule to delete; the client falls back to route and default policies */
    boolean deleteClientRule(String identity);

    /** Shorthand for {@code setClientRule(ClientRule.block(identity))}: every request of the client gets 403. */
    default void block(String identity) {
        setClientRule(ClientRule.block(identity));
    }

    /** Shorthand for {@code setClientRule(ClientRule.allow(identity))}: the client is never limited. */
    default void alwaysAllow(String identity) {
        setClientRule(ClientRule.allow(identity));
    }

    /**
     * Forgets every window the client has (all policies, all routes): its next request starts with a full quota.
     *
     * @return the number of windows removed
     */
    int resetClient(String identity);

    /**
     * The client windows that have state in Redis now, as {@link ClientWindow}s, ordered and filtered by the query.
     * Reads only what the page shows (plus one entry to know whether a next page exists), never scans the key space.
     */
    Page<ClientWindow> windows(WindowQuery query);

    /** Decisions per second over the last 10 seconds and the number of tracked windows, for an overview page. */
    default TrafficOverview overview() {
        return overview(10);
    }

    /**
     * Decisions per second over the last {@code seconds} (1 to {@value #MAX_OVERVIEW_SECONDS}) and the number of
     * windows with state in Redis now.
     */
    TrafficOverview overview(int seconds);

    /** The longest span {@link #overview(int)} covers: how long the per-second totals are kept. */
    int MAX_OVERVIEW_SECONDS = 600;

    /** How far the latest change of the default and route policies has reached the copies checks read. */
    PolicyCopies policyCopies();

    /**
     * An identity in the form the limiter counts it, from what an operator typed: {@code 2001:DB8::1} is the client
     * {@code 2001:db8::/64}, {@code ::ffff:192.0.2.1} is {@code 192.0.2.1}. Every method here that takes an identity
     * applies this itself.
     *
     * @throws InvalidPolicyException when it is no identity
     */
    String canonicalIdentity(String typed);

    /**
     * The identity of the client an API key is: {@code key:} and the key's fingerprint. The key itself is never
     * stored; look a client up by its key with this.
     *
     * @throws IllegalStateException when no {@code rate-limiter.identity.api-key-secret} is configured
     */
    String apiKeyIdentity(String apiKey);
}
