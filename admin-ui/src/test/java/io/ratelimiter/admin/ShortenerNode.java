package io.ratelimiter.admin;

import io.micronaut.context.ApplicationContext;
import io.micronaut.runtime.server.EmbeddedServer;
import io.ratelimiter.realservers.PostgresDatabase;
import io.ratelimiter.realservers.RealServers;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/**
 * A running shortener node with its limiter on, as in production but in this JVM: the console's tests send it
 * requests as clients (a trusted proxy's X-Forwarded-For names the client) and watch their windows in the console.
 * One node serves every test class, under one key prefix; tests keep apart by using clients of their own.
 */
public final class ShortenerNode implements AutoCloseable {

    public static final String KEY_PREFIX = "console-it";

    private static ShortenerNode shared;

    private final EmbeddedServer server;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private ShortenerNode(EmbeddedServer server) {
        this.server = server;
    }

    public static synchronized ShortenerNode shared() {
        if (shared == null) {
            shared = start(KEY_PREFIX);
            Runtime.getRuntime().addShutdownHook(new Thread(shared::close, "shortener-node-shutdown"));
        }
        return shared;
    }

    static ShortenerNode start(String keyPrefix) {
        PostgresDatabase database = RealServers.postgres().createDatabase("shortener");
        Map<String, Object> properties = new HashMap<>();
        properties.put("datasources.default.url", database.jdbcUrl());
        properties.put("datasources.default.username", database.username());
        properties.put("datasources.default.password", database.password());
        // The console's own application.yml comes first on this classpath: put back what the shortener needs.
        properties.put("flyway.datasources.default.locations", "classpath:db/migration");
        properties.put("flyway.datasources.default.table", "flyway_schema_history");
        properties.put("redis.uri", RealServers.redis().uri());
        properties.put("rate-limiter.enabled", "true");
        properties.put("rate-limiter.policy-sync.seed", "true");
        properties.put("rate-limiter.key-prefix", keyPrefix);
        properties.put("rate-limiter.trusted-proxies", "127.0.0.1,::1");
        properties.put("rate-limiter.default-policy.limits", "100/60s");
        properties.put("micronaut.security.enabled", "false");
        properties.put("micronaut.security.csrf.enabled", "false");
        properties.put("micronaut.security.csrf.filter.enabled", "false");
        properties.put("micronaut.server.port", "-1");
        return new ShortenerNode(ApplicationContext.run(EmbeddedServer.class, properties));
    }

    public URI uri() {
        return server.getURI();
    }

    /** Shortens a link as {@code client} (behind a trusted proxy), answering the HTTP status. */
    public int shortenAs(String client) {
        HttpRequest request = HttpRequest.newBuilder(server.getURI().resolve("/shorten"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .header("X-Forwarded-For", client)
                .POST(HttpRequest.BodyPublishers.ofString("url=https%3A%2F%2Fexample.org%2Fconsole-test"))
                .build();
        try {
            return http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        server.getApplicationContext().close();
    }
}
