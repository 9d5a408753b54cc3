package io.ratelimiter.shortener;

import io.ratelimiter.realservers.PostgresDatabase;
import io.ratelimiter.realservers.RealPostgres;
import io.ratelimiter.realservers.RealServers;
import java.util.HashMap;
import java.util.Map;

/** Properties that point a shortener node at real servers: a fresh database of its own and the shared Redis. */
final class TestServers {

    private TestServers() {
    }

    static Map<String, String> freshDatabase() {
        return onDatabase(RealServers.postgres().createDatabase("shortener"));
    }

    static Map<String, String> freshDatabaseOn(RealPostgres postgres) {
        return onDatabase(postgres.createDatabase("shortener"));
    }

    static Map<String, String> onDatabase(PostgresDatabase database) {
        Map<String, String> properties = new HashMap<>();
        properties.put("datasources.default.url", database.jdbcUrl());
        properties.put("datasources.default.username", database.username());
        properties.put("datasources.default.password", database.password());
        properties.put("redis.uri", RealServers.redis().uri());
        properties.put("rate-limiter.enabled", "false");
        properties.put("micronaut.server.port", "-1");
        return properties;
    }
}
