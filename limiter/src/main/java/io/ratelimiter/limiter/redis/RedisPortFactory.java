package io.ratelimiter.limiter.redis;

import io.lettuce.core.RedisFuture;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.async.RedisScriptingAsyncCommands;
import io.lettuce.core.cluster.api.StatefulRedisClusterConnection;
import io.micronaut.context.annotation.Factory;
import io.micronaut.context.annotation.Requires;
import io.ratelimiter.limiter.config.RateLimiterConfiguration;
import jakarta.inject.Singleton;
import java.util.List;

/**
 * Adapts whichever connection micronaut-redis-lettuce configured: {@code redis.uri} gives a standalone connection
 * (also for Sentinel, {@code redis-sentinel://...}), {@code redis.uris} a cluster connection.
 */
@Factory
final class RedisPortFactory {

    @Singleton
    KeySpace keySpace(RedisPort port, RateLimiterConfiguration configuration) {
        return new KeySpace(configuration.getKeyPrefix(), port.cluster());
    }

    @Singleton
    @Requires(property = "redis.uris")
    RedisPort clusterPort(StatefulRedisClusterConnection<String, String> connection) {
        return new LettuceRedisPort(scripting(connection.async()), true);
    }

    @Singleton
    @Requires(property = "redis.uri")
    @Requires(missingProperty = "redis.uris")
    RedisPort standalonePort(StatefulRedisConnection<String, String> connection) {
        return new LettuceRedisPort(scripting(connection.async()), false);
    }

    /** Standalone and cluster commands share Lettuce's scripting interface: one adapter serves both. */
    private static LettuceRedisPort.Scripting scripting(RedisScriptingAsyncCommands<String, String> commands) {
        return new LettuceRedisPort.Scripting() {
            @Override
            public RedisFuture<List<Object>> evalsha(String sha1, ScriptOutputType type, String[] keys, String... args) {
                return commands.evalsha(sha1, type, keys, args);
            }

            @Override
            public RedisFuture<List<Object>> eval(String source, ScriptOutputType type, String[] keys, String... args) {
                return commands.eval(source, type, keys, args);
            }
        };
    }
}
