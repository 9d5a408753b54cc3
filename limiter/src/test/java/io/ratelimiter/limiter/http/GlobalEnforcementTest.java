package io.ratelimiter.limiter.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.micronaut.runtime.server.EmbeddedServer;
import io.ratelimiter.limiter.LimiterTestNodes;
import io.ratelimiter.limiter.admin.RateLimiterAdmin;
import io.ratelimiter.limiter.policy.Algorithm;
import io.ratelimiter.limiter.policy.Limit;
import io.ratelimiter.limiter.policy.Policy;
import io.ratelimiter.limiter.policy.Route;
import io.ratelimiter.realservers.RealServers;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Three nodes (three application contexts with embedded servers) on one Redis: the limit is global, not per node.
 * Loopback is the trusted proxy, so X-Forwarded-For names the client as a load balancer would.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class GlobalEnforcementTest {

    private static final int LIMIT = 20;

    private final List<EmbeddedServer> nodes = new ArrayList<>();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private RateLimiterAdmin admin;

    @BeforeAll
    void startThreeNodes() {
        String prefix = LimiterTestNodes.uniquePrefix("global");
        for (int i = 0; i < 3; i++) {
            nodes.add(LimiterTestNodes.start(Map.of(
                    "redis.uri", RealServers.redis().uri(),
                    "rate-limiter.key-prefix", prefix,
                    "rate-limiter.trusted-proxies", "127.0.0.1",
                    // Generous under a loaded CI machine: a timed-out check fails open and would let a request through.
                    "rate-limiter.timeout", "5s",
                    "rate-limiter.default-policy.algorithm", "sliding_log",
                    "rate-limiter.default-policy.limits", LIMIT + "/1h")));
        }
        admin = nodes.get(0).getApplicationContext().getBean(RateLimiterAdmin.class);
    }

    @AfterAll
    void stopNodes() {
        nodes.forEach(EmbeddedServer::stop);
    }

    private CompletableFuture<HttpResponse<String>> send(int node, String path, String client) {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + nodes.get(node).getPort() + path))
                .header("X-Forwarded-For", client)
                .timeout(Duration.ofSeconds(30))
                .build();
        return http.sendAsync(request, HttpResponse.BodyHandlers.ofString());
    }

    private static long count(List<CompletableFuture<HttpResponse<String>>> responses, int status) {
        return responses.stream().map(CompletableFuture::join).filter(r -> r.statusCode() == status).count();
    }

    @Test
    void twoHundredConcurrentRequestsOfOneClientOverThreeNodesAdmitExactlyTheLimit() {
        List<CompletableFuture<HttpResponse<String>>> responses = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            responses.add(send(i % 3, "/items/" + i, "203.0.113.10"));
        }

        assertThat(count(responses, 200)).isEqualTo(LIMIT);
        assertThat(count(responses, 429)).isEqualTo(200 - LIMIT);
    }

    @Test
    void severalClientsAtOnceEachGetTheirOwnFullQuota() {
        Map<String, List<CompletableFuture<HttpResponse<String>>>> byClient = new LinkedHashMap<>();
        for (int c = 0; c < 5; c++) {
            byClient.put("203.0.113." + (20 + c), new ArrayList<>());
        }
        for (int i = 0; i < 60; i++) {
            int n = i;
            byClient.forEach((client, responses) -> responses.add(send(n % 3, "/items/" + n, client)));
        }

        byClient.forEach((client, responses) -> assertThat(count(responses, 200)).as(client).isEqualTo(LIMIT));
    }

    @Test
    void aPolicyChangeThroughTheApiHoldsOnAllThreeNodesAtTheNextRequest() {
        Route route = Route.parse("GET /sensitive");
        assertThat(send(0, "/sensitive", "203.0.113.30").join().headers().firstValue("RateLimit-Policy"))
                .contains("\"default\";q=" + LIMIT + ";w=3600");

        admin.setRoutePolicy(route, Policy.of("sensitive", Algorithm.GCRA, Limit.of(1, Duration.ofHours(1))));
        try {
            for (int node = 0; node < 3; node++) {
                String client = "203.0.113." + (31 + node);
                HttpResponse<String> first = send(node, "/sensitive", client).join();
                HttpResponse<String> second = send(node, "/sensitive", client).join();

                assertThat(first.statusCode()).as("node %d", node).isEqualTo(200);
                assertThat(first.headers().firstValue("RateLimit-Policy")).contains("\"sensitive\";q=1;w=3600");
                assertThat(second.statusCode()).as("node %d", node).isEqualTo(429);
            }
        } finally {
            admin.deleteRoutePolicy(route);
        }
        assertThat(admin.routePolicy(route)).isEmpty();
    }
}
