package io.ratelimiter.limiter.internal.redis;

import io.lettuce.core.resource.ClientResources;
import io.lettuce.core.resource.Delay;
import io.micronaut.configuration.lettuce.AbstractRedisConfiguration;
import io.micronaut.configuration.lettuce.ClientResourcesMutator;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * Caps Lettuce's reconnect back-off at half a second (its default grows to 30 s), so limiting resumes within about
 * a second of Redis coming back rather than whenever the next late reconnect attempt happens to fire. Applies to the
 * application's Redis clients configured through micronaut-redis.
 */
@Singleton
final class FastReconnect implements ClientResourcesMutator {

    @Override
    public void mutate(ClientResources.Builder builder, AbstractRedisConfiguration configuration) {
        builder.reconnectDelay(Delay.exponential(Duration.ofMillis(20), Duration.ofMillis(500), 2, TimeUnit.MILLISECONDS));
    }
}
