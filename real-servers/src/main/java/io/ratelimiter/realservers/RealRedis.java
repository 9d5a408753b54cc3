package io.ratelimiter.realservers;

import java.util.function.Function;
import redis.clients.jedis.Jedis;

/**
 * A real Redis server reachable over TCP. Servers handed out by {@link RealServers#newRedis()} belong to the caller,
 * which may stop and start them again on the same port to test what happens while Redis is away.
 */
public interface RealRedis extends AutoCloseable {

    String host();

    int port();

    /** Where it came from, for the test log: environment, testcontainers or embedded binary. */
    ServerSource source();

    default String uri() {
        return "redis://" + host() + ":" + port();
    }

    /** Runs {@code command} on a fresh Jedis connection to this server: {@link RedisAdmin#call}. */
    default <T> T call(Function<Jedis, T> command) {
        return RedisAdmin.call(host(), port(), command);
    }

    /** {@code INFO section} of this server, read: {@link RedisInfo}. */
    default RedisInfo info(String section) {
        return RedisInfo.of(host(), port(), section);
    }

    /** Stops the server but keeps its port reserved, so {@link #start()} brings it back at the same address. */
    void stop();

    void start();

    @Override
    void close();
}
