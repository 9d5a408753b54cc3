package io.ratelimiter.limiter.internal.redis;

import static org.assertj.core.api.Assertions.assertThat;

import io.micronaut.runtime.server.EmbeddedServer;
import io.ratelimiter.limiter.LimiterTestNodes;
import io.ratelimiter.limiter.admin.ClientWindow;
import io.ratelimiter.limiter.admin.Page;
import io.ratelimiter.limiter.admin.RateLimiterAdmin;
import io.ratelimiter.limiter.admin.WindowQuery;
import io.ratelimiter.limiter.policy.Algorithm;
import io.ratelimiter.limiter.policy.ClientRule;
import io.ratelimiter.limiter.policy.Limit;
import io.ratelimiter.limiter.policy.Policy;
import io.ratelimiter.realservers.RealRedis;
import io.ratelimiter.realservers.RealRedisCluster;
import io.ratelimiter.realservers.RealServers;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** Two nodes on a real three-master Redis Cluster: every check keeps to one slot, and still sees the policies. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RedisClusterTest {

    private static final String PREFIX = "clu";

    private RealRedisCluster cluster;
    private final List<EmbeddedServer> nodes = new ArrayList<>();
    private final HttpClient http = HttpClient.newHttpClient();

    @BeforeAll
    void start() {
        cluster = RealServers.newRedisCluster(3);
        for (int i = 0; i < 2; i++) {
            nodes.add(LimiterTestNodes.start(Map.of(
                    "redis.uris", String.join(",", cluster.uris()),
                    "rate-limiter.key-prefix", PREFIX,
                    "rate-limiter.trusted-proxies", "127.0.0.1",
                    "rate-limiter.timeout", "5s",
                    "rate-limiter.default-policy.algorithm", "sliding_window",
                    "rate-limiter.default-policy.limits", "10/1h")));
        }
    }

    @AfterAll
    void stop() {
        nodes.forEach(EmbeddedServer::stop);
        cluster.close();
    }

    private CompletableFuture<HttpResponse<String>> send(int node, String client) {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + nodes.get(node).getPort() + "/items/1"))
                .header("X-Forwarded-For", client).timeout(Duration.ofSeconds(30)).build();
        return http.sendAsync(request, HttpResponse.BodyHandlers.ofString());
    }

    private RateLimiterAdmin admin() {
        return nodes.get(0).getApplicationContext().getBean(RateLimiterAdmin.class);
    }

    @Test
    void theLimitHoldsAcrossNodesOnACluster() {
        List<CompletableFuture<HttpResponse<String>>> responses = new ArrayList<>();
        for (int i = 0; i < 60; i++) {
            responses.add(send(i % 2, "192.0.2.1"));
        }

        assertThat(responses.stream().map(CompletableFuture::join).filter(r -> r.statusCode() == 200).count()).isEqualTo(10);
    }

    @Test
    void clientsSpreadOverTheMastersAndTheConsoleStillSeesThemAll() {
        for (int c = 0; c < 60; c++) {
            assertThat(send(c % 2, "192.0.2." + (100 + c)).join().statusCode()).isEqualTo(200);
        }

        // Each master holds the state of the clients whose buckets it serves, in each bucket's state hash.
        List<Integer> windowsPerMaster = new ArrayList<>();
        for (RealRedis master : cluster.masters()) {
            int windows = 0;
            for (String state : master.call(jedis -> jedis.keys(PREFIX + ":*:state"))) {
                windows += (int) master.call(jedis -> jedis.hkeys(state)).stream()
                        .filter(field -> field.matches("192\\.0\\.2\\.1[0-5]\\d default")).count();
            }
            windowsPerMaster.add(windows);
        }
        assertThat(windowsPerMaster).allSatisfy(count -> assertThat(count).isPositive());
        assertThat(windowsPerMaster.stream().mapToInt(Integer::intValue).sum()).isEqualTo(60);

        Page<ClientWindow> found = admin().windows(WindowQuery.byPrefix("192.0.2.1", 0, 100));
        assertThat(found.items()).extracting(ClientWindow::identity).contains("192.0.2.100", "192.0.2.159");
        Page<ClientWindow> second = admin().windows(WindowQuery.byPrefix("192.0.2.1", 1, 20));
        assertThat(second.items()).hasSize(20).isSortedAccordingTo(Comparator.comparing(ClientWindow::identity));
        assertThat(second.hasNext()).isTrue();
        for (int i = 0; i < 4; i++) {
            send(0, "192.0.2.101").join();
        }
        for (int i = 0; i < 7; i++) {
            send(1, "192.0.2.102").join();
        }
        // "Most used" lists the clients at half a limit or more, from every master, highest share first.
        List<String> top = admin().windows(WindowQuery.top(100)).items().stream().map(ClientWindow::identity).toList();
        assertThat(top).containsSubsequence("192.0.2.102", "192.0.2.101").doesNotContain("192.0.2.100");
    }

    @Test
    void aClientRuleWrittenOnAClusterHoldsOnEveryNodeAtTheNextRequest() {
        admin().setClientRule(ClientRule.limit("192.0.2.250", Policy.of("tight", Algorithm.TOKEN_BUCKET,
                Limit.of(2, Duration.ofHours(1)))));

        assertThat(send(0, "192.0.2.250").join().statusCode()).isEqualTo(200);
        assertThat(send(1, "192.0.2.250").join().statusCode()).isEqualTo(200);
        assertThat(send(0, "192.0.2.250").join().statusCode()).isEqualTo(429);
        assertThat(send(1, "192.0.2.250").join().statusCode()).isEqualTo(429);

        assertThat(admin().resetClient("192.0.2.250")).isEqualTo(1);
        assertThat(send(1, "192.0.2.250").join().statusCode()).isEqualTo(200);
    }

    @Test
    void aDefaultPolicyEditReachesEveryBucket() {
        RateLimiterAdmin admin = admin();
        Policy before = admin.defaultPolicy().orElseThrow();
        admin.setDefaultPolicy(Policy.of("default", Algorithm.FIXED_WINDOW, Limit.of(1, Duration.ofHours(1))));
        try {
            for (int c = 0; c < 20; c++) {
                HttpResponse<String> response = send(c % 2, "198.18.0." + c).join();
                assertThat(response.headers().firstValue("RateLimit-Policy")).contains("\"default\";q=1;w=3600");
            }
        } finally {
            admin.setDefaultPolicy(before);
        }
    }
}
