package io.ratelimiter.loadtest.scenario;

import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.micronaut.context.ApplicationContext;
import io.ratelimiter.limiter.admin.RateLimiterAdmin;
import io.ratelimiter.limiter.policy.Algorithm;
import io.ratelimiter.limiter.policy.Policy;
import io.ratelimiter.limiter.policy.Route;
import io.ratelimiter.realservers.RedisInfo;
import java.util.Map;
import java.util.Optional;

/**
 * The cluster's Redis as the load test sees it: the limiter's own admin API (what an operator's console calls) to
 * read and change policies, and {@code INFO memory} for what Redis holds.
 */
final class LimiterSide implements AutoCloseable {

    private final ApplicationContext context;
    private final RateLimiterAdmin admin;
    private final RedisClient client;
    private final StatefulRedisConnection<String, String> redis;

    private LimiterSide(String uri, String prefix) {
        this.context = ApplicationContext.run(Map.of("redis.uri", uri, "rate-limiter.key-prefix", prefix,
                // Like the console: the admin API without a filter and without seeding policies.
                "rate-limiter.enabled", "false"));
        this.admin = context.getBean(RateLimiterAdmin.class);
        this.client = RedisClient.create(uri);
        this.redis = client.connect();
    }

    static LimiterSide connect(String uri, String prefix) {
        return new LimiterSide(uri, prefix);
    }

    RateLimiterAdmin admin() {
        return admin;
    }

    /** The policy a route's requests are decided by: the route's own, else the default. */
    Optional<Policy> policyOf(Route route) {
        return admin.routePolicy(route).or(admin::defaultPolicy);
    }

    Optional<Algorithm> algorithmOf(Route route) {
        return policyOf(route).map(Policy::algorithm);
    }

    /** {@code used_memory} of {@code INFO memory}, in bytes. */
    long usedMemory() {
        return RedisInfo.parse(redis.sync().info("memory")).number("used_memory");
    }

    long trackedWindows() {
        return admin.overview().trackedWindows();
    }

    @Override
    public void close() {
        redis.close();
        client.shutdown();
        context.close();
    }
}
