package io.ratelimiter.cluster;

import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/** The environment each process of the cluster is configured with: the same variables a deployment sets. */
final class NodeEnvironment {

    private NodeEnvironment() {
    }

    static Map<String, String> apiNode(ClusterSettings settings, String redisUri, AppDatabase database) {
        Map<String, String> env = database.environment();
        env.put("REDIS_URI", redisUri);
        env.put("SHORTENER_BASE_URL", "http://localhost:" + settings.loadBalancerPort());
        // nginx runs on loopback: only it may tell a node who the client is.
        env.put("RATE_LIMITER_TRUSTED_PROXIES", "127.0.0.1,::1");
        return env;
    }

    static Map<String, String> admin(ClusterSettings settings, AdminCredentials operator, String redisUri, AppDatabase database) {
        Map<String, String> env = database.environment();
        env.put("REDIS_URI", redisUri);
        env.putAll(operator.environment());
        // The overview reads each node's health and metrics where they answer: its management port.
        env.put("ADMIN_NODES", IntStream.rangeClosed(1, settings.nodes())
                .mapToObj(node -> "http://127.0.0.1:" + settings.managementPort(node)).collect(Collectors.joining(",")));
        return env;
    }
}
