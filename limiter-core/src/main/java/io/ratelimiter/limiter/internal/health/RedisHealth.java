package io.ratelimiter.limiter.internal.health;

import io.micronaut.configuration.lettuce.health.RedisHealthIndicator;
import io.micronaut.context.annotation.Replaces;
import io.micronaut.context.annotation.Requires;
import io.micronaut.health.HealthStatus;
import io.micronaut.management.health.indicator.HealthIndicator;
import io.micronaut.management.health.indicator.HealthResult;
import io.ratelimiter.limiter.config.RateLimiterConfiguration;
import io.ratelimiter.limiter.internal.redis.LuaScript;
import io.ratelimiter.limiter.internal.redis.RedisPort;
import jakarta.inject.Singleton;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.reactivestreams.Publisher;
import reactor.core.publisher.Mono;

/**
 * Redis as the limiter sees it, in place of micronaut-redis' indicator. That one reports a Redis outage as DOWN, which
 * makes the whole node answer 503 on /health and lets a load balancer or orchestrator take out every node at once,
 * although each keeps serving (fail-open routes) or refusing by policy (fail-closed routes). A node without Redis is
 * degraded, not dead: {@value #DEGRADED} is operational, so /health still answers 200 while saying so.
 */
@Singleton
@Requires(classes = HealthIndicator.class)
@Requires(beans = RedisPort.class)
@Replaces(RedisHealthIndicator.class)
final class RedisHealth implements HealthIndicator {

    static final String DEGRADED = "DEGRADED";
    static final HealthStatus DEGRADED_STATUS = new HealthStatus(DEGRADED,
            "Redis cannot be reached: each route fails open or closed as its policy says", true, 500);

    private static final LuaScript PING = LuaScript.of("health", "return 1");

    private final RedisPort redis;
    private final RateLimiterConfiguration configuration;

    RedisHealth(RedisPort redis, RateLimiterConfiguration configuration) {
        this.redis = redis;
        this.configuration = configuration;
    }

    @Override
    public Publisher<HealthResult> getResult() {
        String mode = redis.cluster() ? "cluster" : "standalone";
        return Mono.fromFuture(() -> redis.eval(PING, List.of(), List.of())
                        .orTimeout(configuration.getTimeout().toMillis() * 5, TimeUnit.MILLISECONDS))
                .map(reply -> HealthResult.builder("redis", HealthStatus.UP).details(Map.of("mode", mode)).build())
                .onErrorResume(failure -> Mono.just(HealthResult.builder("redis", DEGRADED_STATUS)
                        .details(Map.of("mode", mode, "error", String.valueOf(failure.getMessage()))).build()));
    }
}
