package io.ratelimiter.limiter.internal.failure;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.MeterRegistry;
import io.ratelimiter.limiter.Decision;
import io.ratelimiter.limiter.Decision.Outcome;
import io.ratelimiter.limiter.kit.Backend;
import io.ratelimiter.limiter.kit.KitNode;
import io.ratelimiter.limiter.policy.Algorithm;
import io.ratelimiter.limiter.policy.ClientRule;
import io.ratelimiter.limiter.policy.Limit;
import io.ratelimiter.limiter.policy.Policy;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * A policy's deny cache, opt-in: a node repeats a denial for min(retry, bound) without asking Redis. So a raise
 * reaches a denied client up to the bound late, and never does a cached answer admit anyone.
 */
class DenyCacheTest {

    @Test
    void aDeniedClientIsDeniedLocallyUntilTheBoundThenRedisDecidesAgain() {
        KitNode node = KitNode.on(Backend.STANDALONE);
        MeterRegistry meters = node.context().getBean(MeterRegistry.class);
        String client = node.clientWith(Policy.of("cached", Algorithm.FIXED_WINDOW, Limit.of(2, Duration.ofHours(1)))
                .withDenyCache(Duration.ofSeconds(2)));
        node.check(client);
        node.check(client);
        Decision denied = node.check(client);
        assertThat(denied.outcome()).isEqualTo(Outcome.DENIED);
        double hitsBefore = meters.counter("ratelimiter.deny.cache.hits").count();

        node.admin().setClientRule(ClientRule.limit(client, Policy.of("cached", Algorithm.FIXED_WINDOW,
                Limit.of(100, Duration.ofHours(1))).withDenyCache(Duration.ofSeconds(2))));
        node.clock().advanceMillis(1500);
        Decision cached = node.check(client);

        assertThat(cached.outcome()).as("the raise has not reached the cached denial yet").isEqualTo(Outcome.DENIED);
        assertThat(cached.retryAfterMs()).isEqualTo(denied.retryAfterMs() - 1500);
        assertThat(meters.counter("ratelimiter.deny.cache.hits").count()).isEqualTo(hitsBefore + 1);

        node.clock().advanceMillis(500);
        assertThat(node.check(client).outcome()).as("past the bound, Redis decides").isEqualTo(Outcome.ALLOWED);
    }

    @Test
    void withoutADenyCacheEveryRequestIsDecidedByRedis() {
        KitNode node = KitNode.on(Backend.STANDALONE);
        String client = node.clientWith(Policy.of("plain", Algorithm.FIXED_WINDOW, Limit.of(1, Duration.ofHours(1))));
        node.check(client);
        assertThat(node.check(client).outcome()).isEqualTo(Outcome.DENIED);

        node.admin().setClientRule(ClientRule.limit(client, Policy.of("plain", Algorithm.FIXED_WINDOW, Limit.of(5, Duration.ofHours(1)))));

        assertThat(node.check(client).outcome()).isEqualTo(Outcome.ALLOWED);
    }
}
