package io.ratelimiter.limiter.internal.redis;

import io.lettuce.core.RedisFuture;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.async.RedisAsyncCommands;
import io.lettuce.core.api.async.RedisScriptingAsyncCommands;
import io.lettuce.core.cluster.api.async.RedisAdvancedClusterAsyncCommands;
import io.lettuce.core.cluster.api.StatefulRedisClusterConnection;
import io.micronaut.context.annotation.Factory;
import io.micronaut.context.annotation.Requires;
import io.ratelimiter.limiter.config.RateLimiterConfiguration;
import jakarta.inject.Singleton;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;

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
        RedisAdvancedClusterAsyncCommands<String, String> commands = connection.async();
        return new LettuceRedisPort(scripting(commands, source -> CompletableFuture.allOf(
                commands.masters().commands().scriptLoad(source).futures())), true);
    }

    @Singleton
    @Requires(property = "redis.uri")
    @Requires(missingProperty = "redis.uris")
    RedisPort standalonePort(StatefulRedisConnection<String, String> connection) {
        RedisAsyncCommands<String, String> commands = connection.async();
        return new LettuceRedisPort(scripting(commands, source -> commands.scriptLoad(source).toCompletableFuture()
                .thenApply(sha -> null)), false);
    }

    /** Standalone and cluster commands share Lettuce's scripting interface: one adapter serves both. */
    private static LettuceRedisPort.Scripting scripting(RedisScriptingAsyncCommands<String, String> commands,
                                                        Function<String, CompletableFuture<Void>> load) {
        return new LettuceRedisPort.Scripting() {
            @Override
            public CompletableFuture<Void> load(String source) {
                return load.apply(source);
            }

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
