package io.ratelimiter.systemtests;

import io.lettuce.core.KeyScanCursor;
import io.lettuce.core.RedisClient;
import io.lettuce.core.ScanArgs;
import io.lettuce.core.ScanCursor;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import io.ratelimiter.limiter.testkit.LimiterRedis;
import io.ratelimiter.realservers.RealRedis;
import io.ratelimiter.realservers.RedisInfo;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/** Looks at what the limiter left in Redis, for the suites' "nothing corrupt, nothing unbounded" checks. */
final class RedisKeys {

    private final RealRedis redis;

    private RedisKeys(RealRedis redis) {
        this.redis = redis;
    }

    static RedisKeys on(RealRedis redis) {
        return new RedisKeys(redis);
    }

    /** Every key under {@code prefix}, by SCAN. */
    List<String> keys(String prefix) {
        return with(commands -> {
            List<String> keys = new ArrayList<>();
            ScanCursor cursor = ScanCursor.INITIAL;
            do {
                KeyScanCursor<String> page = commands.scan(cursor, ScanArgs.Builder.matches(escape(prefix) + ":*").limit(1000));
                keys.addAll(page.getKeys());
                cursor = page;
            } while (!cursor.isFinished());
            return keys;
        });
    }

    /** Keys under {@code prefix} that would live forever though they are not configuration (policies and their index). */
    List<String> immortalState(String prefix) {
        return with(commands -> keys(prefix).stream()
                .filter(key -> !isConfiguration(key) && commands.ttl(key) == -1).toList());
    }

    /** The policies and the index of client rules, which operators write and which never expire; the rest is state. */
    static boolean isConfiguration(String key) {
        return LimiterRedis.isConfiguration(key);
    }

    /** The live windows ({@code "<identity> <scope>"}) the limiter keeps under {@code prefix}: its expiry indexes' members. */
    List<String> windows(String prefix) {
        return with(commands -> keys(prefix).stream().filter(LimiterRedis::isWindowIndex)
                .flatMap(index -> commands.zrange(index, 0, -1).stream()).toList());
    }

    long ttl(String key) {
        return with(commands -> commands.ttl(key));
    }

    long usedMemory() {
        return with(commands -> RedisInfo.parse(commands.info("memory")).number("used_memory"));
    }

    long memoryUsage(String key) {
        return with(commands -> {
            Long bytes = commands.memoryUsage(key);
            return bytes == null ? 0 : bytes;
        });
    }

    <T> T with(Function<RedisCommands<String, String>, T> work) {
        RedisClient client = RedisClient.create(redis.uri());
        try (StatefulRedisConnection<String, String> connection = client.connect()) {
            return work.apply(connection.sync());
        } finally {
            client.shutdown();
        }
    }

    private static String escape(String pattern) {
        return pattern.replaceAll("([*?\\[\\]\\\\])", "\\\\$1");
    }
}
