package io.ratelimiter.limiter.internal.config;

import io.ratelimiter.limiter.config.RateLimiterConfiguration;

import io.ratelimiter.limiter.policy.Algorithm;
import io.ratelimiter.limiter.policy.FailureMode;
import io.ratelimiter.limiter.policy.Limit;
import io.ratelimiter.limiter.policy.Policy;
import io.ratelimiter.limiter.policy.Route;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The policies this node's configuration names, validated at start-up (a bad limit stops the node with the
 * policy's own message). They are only ever written to Redis where Redis has neither them nor an operator's deletion
 * of them, and stand in for Redis' policy when Redis cannot be asked and the node has not yet heard what Redis says:
 * they tell whether a route fails open or closed.
 */
@Singleton
public final class ConfiguredPolicies {

    private final Policy defaultPolicy;
    private final Map<Route, Policy> routes;

    ConfiguredPolicies(RateLimiterConfiguration configuration, RoutePolicies routeProperties) {
        RateLimiterConfiguration.PolicyProperties d = configuration.getDefaultPolicy();
        this.defaultPolicy = policy(d.getName(), d.getAlgorithm(), d.getLimits(), d.getOnRedisFailure(), d.isShadow(),
                d.getDenyCache());
        Map<Route, Policy> byRoute = new LinkedHashMap<>();
        for (RoutePolicyProperties r : routeProperties.all()) {
            byRoute.put(Route.parse(r.route()), policy(r.name(), r.algorithm(), r.limits(), r.onRedisFailure(), r.shadow(),
                    r.denyCache()));
        }
        this.routes = Map.copyOf(byRoute);
    }

    public Policy defaultPolicy() {
        return defaultPolicy;
    }

    public Map<Route, Policy> routes() {
        return routes;
    }

    /** What the configuration says a route does while Redis cannot be asked. */
    public FailureMode onRedisFailure(String route) {
        for (Map.Entry<Route, Policy> entry : routes.entrySet()) {
            if (entry.getKey().toString().equals(route)) {
                return entry.getValue().onRedisFailure();
            }
        }
        return defaultPolicy.onRedisFailure();
    }

    private static Policy policy(String name, String algorithm, List<String> limits, String onRedisFailure, boolean shadow,
                                 Duration denyCache) {
        return new Policy(name, Algorithm.fromName(algorithm), limits.stream().map(Limit::parse).toList(),
                FailureMode.fromName(onRedisFailure), shadow, denyCache);
    }
}
