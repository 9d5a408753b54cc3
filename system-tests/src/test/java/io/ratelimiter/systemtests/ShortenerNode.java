package io.ratelimiter.systemtests;

import io.micronaut.context.ApplicationContext;
import io.micronaut.runtime.server.EmbeddedServer;
import io.ratelimiter.realservers.PostgresDatabase;
import java.net.URI;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * A shortener node in this JVM, limiter on, configured by properties the way a deployment configures it by
 * environment. The load balancer in front of real nodes is played by the tests themselves: they talk from
 * 127.0.0.1, a trusted proxy, and name the client in X-Forwarded-For.
 */
final class ShortenerNode implements AutoCloseable {

    private final EmbeddedServer server;

    private ShortenerNode(EmbeddedServer server) {
        this.server = server;
    }

    static ShortenerNode start(Map<String, Object> properties) {
        return new ShortenerNode(ApplicationContext.run(EmbeddedServer.class, properties));
    }

    /** What every node of a suite shares: its database, its Redis and its key prefix; limits generous enough for load. */
    static Map<String, Object> properties(String redisUri, PostgresDatabase database, String keyPrefix) {
        return properties("redis.uri", redisUri, database, keyPrefix);
    }

    /** The same on a Redis Cluster, given its seed URIs. */
    static Map<String, Object> onCluster(List<String> redisUris, PostgresDatabase database, String keyPrefix) {
        return properties("redis.uris", String.join(",", redisUris), database, keyPrefix);
    }

    private static Map<String, Object> properties(String redisProperty, String redis, PostgresDatabase database,
                                                  String keyPrefix) {
        Map<String, Object> properties = new HashMap<>();
        properties.put("micronaut.server.port", -1);
        properties.put(redisProperty, redis);
        properties.put("datasources.default.url", database.jdbcUrl());
        properties.put("datasources.default.username", database.username());
        properties.put("datasources.default.password", database.password());
        properties.put("rate-limiter.enabled", true);
        properties.put("rate-limiter.key-prefix", keyPrefix);
        properties.put("rate-limiter.trusted-proxies", "127.0.0.1,::1");
        properties.put("rate-limiter.default-policy.algorithm", "fixed_window");
        properties.put("rate-limiter.default-policy.limits", "1000000/60s");
        properties.put("rate-limiter.routes.shorten.algorithm", "fixed_window");
        properties.put("rate-limiter.routes.shorten.limits", "1000000/60s");
        return properties;
    }

    /** A key prefix of the suite's own, so suites sharing one Redis never see each other's policies or state. */
    static String uniquePrefix(String suite) {
        return "st-" + suite + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    static Map<String, Object> with(Map<String, Object> properties, Object... overrides) {
        Map<String, Object> all = new HashMap<>(properties);
        for (int i = 0; i + 1 < overrides.length; i += 2) {
            all.put((String) overrides[i], overrides[i + 1]);
        }
        return all;
    }

    URI uri() {
        return server.getURI();
    }

    <T> T bean(Class<T> type) {
        return server.getApplicationContext().getBean(type);
    }

    @Override
    public void close() {
        server.getApplicationContext().close();
    }
}
