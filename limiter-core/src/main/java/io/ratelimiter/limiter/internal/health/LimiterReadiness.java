package io.ratelimiter.limiter.internal.health;

import io.micronaut.context.annotation.Requires;
import io.micronaut.health.HealthStatus;
import io.micronaut.management.health.indicator.HealthIndicator;
import io.micronaut.management.health.indicator.HealthResult;
import io.micronaut.management.health.indicator.annotation.Readiness;
import io.ratelimiter.limiter.internal.check.CheckScriptLoader;
import io.ratelimiter.limiter.internal.sync.PolicySync;
import jakarta.inject.Singleton;
import java.util.Map;
import org.reactivestreams.Publisher;
import reactor.core.publisher.Mono;

/**
 * Ready once this node has loaded its check script into Redis and read the policies' version: before that, its first
 * checks would be its slowest and a load balancer should send it nothing (a cold node that fails open lets a flood
 * through). Once ready it stays ready: a node without Redis later is degraded (see RedisHealth), not unready.
 */
@Singleton
@Readiness
@Requires(classes = HealthIndicator.class)
@Requires(beans = CheckScriptLoader.class)
final class LimiterReadiness implements HealthIndicator {

    private final CheckScriptLoader script;
    private final PolicySync sync;
    private volatile boolean ready;

    LimiterReadiness(CheckScriptLoader script, PolicySync sync) {
        this.script = script;
        this.sync = sync;
    }

    @Override
    public Publisher<HealthResult> getResult() {
        ready = ready || (script.loaded() && sync.ready());
        return Mono.just(HealthResult.builder("rateLimiter", ready ? HealthStatus.UP : HealthStatus.DOWN)
                .details(Map.of("checkScriptLoaded", script.loaded(), "policyVersionKnown", sync.ready()))
                .build());
    }
}
