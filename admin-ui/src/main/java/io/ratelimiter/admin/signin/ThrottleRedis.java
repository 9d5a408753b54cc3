package io.ratelimiter.admin.signin;

import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.cluster.api.StatefulRedisClusterConnection;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;
import io.micronaut.context.annotation.Factory;
import io.micronaut.context.annotation.Requires;
import jakarta.inject.Singleton;

/**
 * The sign-in throttle's commands on whichever connection micronaut-redis-lettuce configured, standalone
 * ({@code redis.uri}) or Cluster ({@code redis.uris}): their async commands share this interface.
 */
@Factory
final class ThrottleRedis {

    @Singleton
    @Requires(property = "redis.uris")
    RedisClusterAsyncCommands<String, String> cluster(StatefulRedisClusterConnection<String, String> connection) {
        return connection.async();
    }

    @Singleton
    @Requires(property = "redis.uri")
    @Requires(missingProperty = "redis.uris")
    RedisClusterAsyncCommands<String, String> standalone(StatefulRedisConnection<String, String> connection) {
        return connection.async();
    }
}
