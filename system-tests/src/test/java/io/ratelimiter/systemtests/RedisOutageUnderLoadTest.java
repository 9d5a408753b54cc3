package io.ratelimiter.systemtests;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.MeterRegistry;
import io.ratelimiter.limiter.admin.RateLimiterAdmin;
import io.ratelimiter.limiter.policy.Algorithm;
import io.ratelimiter.limiter.policy.ClientRule;
import io.ratelimiter.limiter.policy.FailureMode;
import io.ratelimiter.limiter.policy.Limit;
import io.ratelimiter.limiter.policy.Policy;
import io.ratelimiter.realservers.PostgresDatabase;
import io.ratelimiter.realservers.RealRedis;
import io.ratelimiter.realservers.RealServers;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Redis killed under load, then started again empty (no data, no script cache), under two nodes that are never
 * restarted. Redirects (fail open, the default) keep being served; shortening (fail closed here) is refused with a
 * 503 problem; limiting resumes by itself. Measured: the latency a dead Redis adds once the breaker is open, and the
 * time from Redis answering again to every node limiting again.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RedisOutageUnderLoadTest {

    private static final String SUITE = "redis-outage";
    /** The limiter's defaults, written out because the bounds below depend on them. */
    private static final Duration CHECK_TIMEOUT = Duration.ofMillis(100);
    private static final Duration SLACK = Duration.ofSeconds(2);

    private RealRedis redis;
    private final List<ShortenerNode> nodes = new ArrayList<>();
    private String code;

    @BeforeAll
    void start() {
        redis = RealServers.newRedis();
        PostgresDatabase database = RealServers.postgres().createDatabase("redis_outage");
        Map<String, Object> properties = ShortenerNode.with(
                ShortenerNode.properties(redis.uri(), database, ShortenerNode.uniquePrefix(SUITE)),
                "rate-limiter.timeout", CHECK_TIMEOUT.toMillis() + "ms",
                "rate-limiter.breaker.failure-threshold", 5,
                "rate-limiter.breaker.cool-down", "1s",
                "rate-limiter.routes.shorten.on-redis-failure", "deny");
        nodes.add(ShortenerNode.start(properties));
        nodes.add(ShortenerNode.start(properties));
        code = Http.shortenForm(nodes.get(0).uri(), "https://example.org/redis-outage").code();
    }

    @AfterAll
    void stop() {
        nodes.forEach(ShortenerNode::close);
        redis.close();
    }

    @Test
    void underLoadRedirectsFailOpenShortensFailClosedAndLimitingResumesWithoutARestart() {
        long stopped;
        long restarted;
        long[] resumedOn = new long[nodes.size()];
        Http.Answer health;
        try (Load load = Load.of(
                new Load.Clients("open@0", 3, (client, n) -> redirect(0, client)),
                new Load.Clients("open@1", 3, (client, n) -> redirect(1, client + 3)),
                new Load.Clients("closed", 2, (client, n) -> Http.shortenForm(nodes.get((int) (n % 2)).uri(),
                        "https://example.org/fail-closed", "X-Forwarded-For", "198.51.100.200")))) {
            long began = System.nanoTime();
            await().atMost(Duration.ofSeconds(30)).until(() -> load.sent("open@0", began, Long.MAX_VALUE).size() >= 300);

            stopped = System.nanoTime();
            redis.stop();
            await().atMost(Duration.ofSeconds(30)).until(() ->
                    load.sent("open@0", stopped + Duration.ofSeconds(1).toNanos(), Long.MAX_VALUE).size() >= 300
                            && load.sent("closed", stopped + Duration.ofSeconds(1).toNanos(), Long.MAX_VALUE).size() >= 20);

            health = Http.get(nodes.get(0).uri(), "/health");

            restarted = System.nanoTime();
            redis.start();
            for (int node = 0; node < nodes.size(); node++) {
                String kind = "open@" + node;
                int index = node;
                await().atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(10)).until(() -> {
                    resumedOn[index] = load.sent(kind, restarted, Long.MAX_VALUE).stream()
                            .filter(s -> s.answer().header("RateLimit-Policy").isPresent())
                            .mapToLong(Load.Sample::answeredAt).min().orElse(0);
                    return resumedOn[index] != 0;
                });
            }
            long recovered = Math.max(resumedOn[0], resumedOn[1]);
            await().atMost(Duration.ofSeconds(15)).until(() ->
                    load.sent("closed", recovered, Long.MAX_VALUE).stream().anyMatch(s -> s.answer().status() == 200));

            List<Load.Sample> before = load.select(s -> s.answeredAt() < stopped);
            List<Load.Sample> during = load.select(s -> s.sentAt() >= stopped && s.answeredAt() < restarted);
            assertThat(before).allSatisfy(s -> assertThat(s.answer().status()).as(s.kind()).isIn(200, 302));
            assertThat(during).filteredOn(s -> s.kind().startsWith("open")).allSatisfy(s -> {
                assertThat(s.answer().status()).as("a fail-open redirect while Redis is down: %s", s.answer()).isEqualTo(302);
                assertThat(s.answer().nanos()).isLessThan(CHECK_TIMEOUT.plus(SLACK).toNanos());
            });
            List<Load.Sample> refused = during.stream().filter(s -> s.kind().equals("closed") && s.answer().status() == 503).toList();
            assertThat(refused).as("fail-closed shortens refused while Redis is down").isNotEmpty();
            assertThat(during).filteredOn(s -> s.kind().equals("closed")).allSatisfy(s -> {
                assertThat(s.answer().status()).as("%s", s.answer()).isIn(200, 503);
                assertThat(s.answer().nanos()).isLessThan(CHECK_TIMEOUT.plus(SLACK).toNanos());
            });
            refused.forEach(s -> {
                Problems.assertProblem(s.answer(), 503);
                assertThat(s.answer().header("Retry-After")).isPresent();
            });
            assertThat(load.all()).allSatisfy(s -> assertThat(s.answer().status()).as("%s %s", s.kind(), s.answer())
                    .isIn(s.kind().equals("closed") ? List.of(200, 503) : List.of(302)));

            long breakerOpen = stopped + Duration.ofSeconds(1).toNanos();
            List<Load.Sample> baseline = load.select(s -> s.kind().startsWith("open") && s.answeredAt() < stopped);
            List<Load.Sample> open = load.select(s -> s.kind().startsWith("open") && s.sentAt() >= breakerOpen
                    && s.answeredAt() < restarted);
            Figures.report(SUITE, "redirect latency, Redis up (6 clients, 2 nodes)", Figures.latencies(baseline));
            Figures.report(SUITE, "redirect latency, Redis down, breaker open", Figures.latencies(open));
            Figures.report(SUITE, "p50 latency added by a dead Redis, breaker open",
                    Figures.millis(Figures.p50(open) - Figures.p50(baseline)) + " ms");
            Figures.report(SUITE, "fail-closed shorten latency, Redis down", Figures.latencies(refused));
            Figures.report(SUITE, "Redis answering again -> every node limiting again",
                    Figures.millis(recovered - restarted) + " ms (node 1: " + Figures.millis(resumedOn[0] - restarted)
                            + " ms, node 2: " + Figures.millis(resumedOn[1] - restarted) + " ms)");
            Figures.report(SUITE, "fail-open decisions counted by node 1",
                    String.format("%.0f", nodes.get(0).bean(MeterRegistry.class).counter("ratelimiter.fail.open").count()));
        }

        // Degraded, not dead: a health check must not take a node that still serves out of the balancer.
        assertThat(health.status()).as("%s", health).isEqualTo(200);
        assertThat(health.body()).contains("\"status\":\"DEGRADED\"");
        assertThat(health.nanos()).isLessThan(Duration.ofSeconds(5).toNanos());
        Figures.report(SUITE, "GET /health while Redis is down", health.status() + " DEGRADED in " + health.millis() + " ms");
        limitsHoldAgainOnEveryNode();
    }

    /** The empty Redis got its policies back from the nodes, and a new limit holds on both at once. */
    private void limitsHoldAgainOnEveryNode() {
        String client = "198.51.100.250";
        nodes.get(0).bean(RateLimiterAdmin.class).setClientRule(ClientRule.limit(client,
                new Policy("after-outage", Algorithm.FIXED_WINDOW, List.of(Limit.of(3, Duration.ofHours(1))),
                        FailureMode.ALLOW, false)));
        List<Integer> statuses = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            statuses.add(redirect(i % 2, client).status());
        }
        assertThat(statuses).containsExactly(302, 302, 302, 429);
        assertThat(Http.get(nodes.get(1).uri(), "/" + code, "X-Forwarded-For", "198.51.100.251")
                .header("RateLimit-Policy")).hasValue("\"default\";q=1000000;w=60");
    }

    private Http.Answer redirect(int node, int client) {
        return redirect(node, "198.51.100." + client);
    }

    private Http.Answer redirect(int node, String client) {
        return Http.get(nodes.get(node).uri(), "/" + code, "X-Forwarded-For", client);
    }
}
