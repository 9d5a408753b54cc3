package io.ratelimiter.admin;

import io.ratelimiter.admin.signin.PasswordHash;
import io.ratelimiter.realservers.PostgresDatabase;
import io.ratelimiter.realservers.RealServers;
import java.util.HashMap;
import java.util.Map;

/** Properties that start a console on real servers: its own audit database, the shared Redis, a known operator. */
public final class TestConsole {

    public static final String USERNAME = "operator";
    public static final String PASSWORD = "correct horse battery staple";
    /** The cheapest hash the console accepts, so signing in many times stays quick. */
    public static final String PASSWORD_HASH =
            PasswordHash.of(PASSWORD.toCharArray(), PasswordHash.MIN_ITERATIONS).toString();

    public static final String SIGNING_KEY = "test-signing-key-of-the-console-tests-0123456789";

    private TestConsole() {
    }

    public static Map<String, String> properties(String keyPrefix) {
        return onDatabase(RealServers.postgres().createDatabase("console"), keyPrefix);
    }

    public static Map<String, String> onDatabase(PostgresDatabase database, String keyPrefix) {
        Map<String, String> properties = new HashMap<>();
        properties.put("datasources.default.url", database.jdbcUrl());
        properties.put("datasources.default.username", database.username());
        properties.put("datasources.default.password", database.password());
        properties.put("redis.uri", RealServers.redis().uri());
        properties.put("rate-limiter.key-prefix", keyPrefix);
        // Sessions and sign-in counts of their own: suites share one Redis.
        properties.put("admin.redis-prefix", "console:" + keyPrefix + ":");
        properties.put("admin.username", USERNAME);
        properties.put("admin.password-hash", PASSWORD_HASH);
        // One key for every console of a test, as every instance behind one load balancer must share it.
        properties.put("admin.signing-key", SIGNING_KEY);
        properties.put("micronaut.server.port", "-1");
        return properties;
    }
}
