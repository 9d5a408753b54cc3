package io.ratelimiter.limiter.kit;

import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.cluster.api.StatefulRedisClusterConnection;
import io.lettuce.core.cluster.api.sync.RedisClusterCommands;
import io.micronaut.context.ApplicationContext;
import io.micronaut.runtime.server.EmbeddedServer;
import io.ratelimiter.limiter.LimiterTestNodes;
import io.ratelimiter.limiter.ManualClock;
import io.ratelimiter.limiter.admin.RateLimiterAdmin;
import io.ratelimiter.limiter.Decision;
import io.ratelimiter.limiter.internal.failure.ResilientCheck;
import io.ratelimiter.limiter.identity.ClientIdentity;
import io.ratelimiter.limiter.policy.ClientRule;
import io.ratelimiter.limiter.policy.Policy;
import io.ratelimiter.limiter.internal.redis.KeySpace;
import io.ratelimiter.limiter.internal.sync.PolicySync;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A limiter node for the kit's tests: an embedded server with the test controller, on one backend, its clocks moved
 * by the test ({@link ManualClock}). Nodes of one backend and configuration are started once per test JVM and shared;
 * each test isolates itself by clients (and routes) of its own.
 */
public final class KitNode implements AutoCloseable {

    /** The route every kit check is made for unless a test names another. */
    public static final String ROUTE = "GET /items/{id}";

    private static final Map<String, KitNode> SHARED = new ConcurrentHashMap<>();
    private static final AtomicInteger CLIENTS = new AtomicInteger();

    private final EmbeddedServer server;
    private final HttpClient http = HttpClient.newHttpClient();

    private KitNode(EmbeddedServer server) {
        this.server = server;
    }

    /** The node of this backend with the kit's configuration. */
    public static KitNode on(Backend backend) {
        return on(backend, "kit", Map.of());
    }

    /** A node of this backend configured with {@code properties} on top of the kit's, shared under {@code name}. */
    public static KitNode on(Backend backend, String name, Map<String, Object> properties) {
        return SHARED.computeIfAbsent(backend + "/" + name, key -> start(backend.shared().properties(), name, properties));
    }

    /** A node of the caller's own on these servers; the caller closes it. */
    public static KitNode start(Map<String, Object> redis, String name, Map<String, Object> properties) {
        Map<String, Object> all = new HashMap<>(redis);
        all.put("rate-limiter.key-prefix", LimiterTestNodes.uniquePrefix(name));
        all.put("rate-limiter.trusted-proxies", "127.0.0.1,::1");
        all.put("rate-limiter.timeout", "2s");
        all.put("rate-limiter.policy-sync.interval", "200ms");
        all.put("rate-limiter.default-policy.algorithm", "fixed_window");
        all.put("rate-limiter.default-policy.limits", "1000/1h");
        all.put("test.manual-clock", "true");
        all.putAll(properties);
        return new KitNode(LimiterTestNodes.start(all));
    }

    /** A client identity no other test uses. */
    public static String newClient() {
        int n = CLIENTS.incrementAndGet();
        return "198.18." + (n / 250) + "." + (n % 250 + 1);
    }

    public ApplicationContext context() {
        return server.getApplicationContext();
    }

    public RateLimiterAdmin admin() {
        return context().getBean(RateLimiterAdmin.class);
    }

    public ManualClock clock() {
        return context().getBean(ManualClock.class);
    }

    public KeySpace keys() {
        return context().getBean(KeySpace.class);
    }

    public PolicySync sync() {
        return context().getBean(PolicySync.class);
    }

    public Decision check(String identity) {
        return check(identity, ROUTE);
    }

    public Decision check(String identity, String route) {
        return context().getBean(ResilientCheck.class).check(ClientIdentity.of(identity), route).join();
    }

    /** Gives the client its own rule with this policy and returns the client. */
    public String clientWith(Policy policy) {
        String client = newClient();
        admin().setClientRule(ClientRule.limit(client, policy));
        return client;
    }

    /** Commands straight to Redis over the node's own connection (a cluster connection routes them by key). */
    @SuppressWarnings("unchecked")
    public RedisClusterCommands<String, String> redis() {
        if (context().containsBean(StatefulRedisClusterConnection.class)) {
            return context().getBean(StatefulRedisClusterConnection.class).sync();
        }
        return context().getBean(StatefulRedisConnection.class).sync();
    }

    /** A GET as sent through the load balancer, which reports the client in X-Forwarded-For. */
    public HttpResponse<String> get(String path, String client, String... headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.getPort() + path))
                .header("X-Forwarded-For", client).timeout(Duration.ofSeconds(30));
        for (int i = 0; i + 1 < headers.length; i += 2) {
            request.header(headers[i], headers[i + 1]);
        }
        return http.sendAsync(request.build(), HttpResponse.BodyHandlers.ofString()).join();
    }

    @Override
    public void close() {
        server.stop();
    }
}
