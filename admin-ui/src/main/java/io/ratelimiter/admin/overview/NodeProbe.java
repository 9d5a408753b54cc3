package io.ratelimiter.admin.overview;

import io.ratelimiter.limiter.metrics.PrometheusText;
import jakarta.inject.Singleton;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * Asks each configured API node for its health and its fail-open counter ({@code ratelimiter_fail_open_total} on
 * its {@code /prometheus}), all nodes at once, each bounded by the configured timeout.
 */
@Singleton
final class NodeProbe {

    static final String FAIL_OPEN_METRIC = "ratelimiter_fail_open_total";

    /** What one node said; {@code failOpen} is -1 when it could not be read. */
    record NodeStatus(String node, String health, boolean up, long failOpen) {

        String failOpenText() {
            return failOpen < 0 ? "unknown" : Long.toString(failOpen);
        }
    }

    private final List<URI> nodes;
    private final Duration timeout;
    private final HttpClient http;

    NodeProbe(NodesConfiguration configuration) {
        this.nodes = configuration.nodes();
        this.timeout = configuration.nodeTimeout();
        this.http = HttpClient.newBuilder().connectTimeout(timeout).build();
    }

    List<NodeStatus> probe() {
        List<CompletableFuture<NodeStatus>> answers = nodes.stream().map(this::probe).toList();
        return answers.stream().map(CompletableFuture::join).toList();
    }

    private CompletableFuture<NodeStatus> probe(URI node) {
        CompletableFuture<HttpResponse<String>> health = get(node, "/health");
        CompletableFuture<HttpResponse<String>> metrics = get(node, "/prometheus");
        return health.thenCombine(metrics, (h, m) -> {
            String state = h == null ? "unreachable" : h.statusCode() == 200 ? "up" : "down (" + h.statusCode() + ")";
            long failOpen = m == null || m.statusCode() != 200 ? -1 : failOpen(m.body());
            return new NodeStatus(node.toString(), state, h != null && h.statusCode() == 200, failOpen);
        });
    }

    private CompletableFuture<HttpResponse<String>> get(URI node, String path) {
        HttpRequest request = HttpRequest.newBuilder(node.resolve(path)).timeout(timeout).GET().build();
        return http.sendAsync(request, HttpResponse.BodyHandlers.ofString())
                .exceptionally(failure -> null);
    }

    /** Sums every series of the fail-open counter in a Prometheus text exposition; -1 when the text is unreadable. */
    static long failOpen(String exposition) {
        try {
            return (long) PrometheusText.parse(exposition).sum(FAIL_OPEN_METRIC);
        } catch (IllegalArgumentException unreadable) {
            return -1;
        }
    }
}
