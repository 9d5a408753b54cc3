package io.ratelimiter.loadtest.scenario;

import static org.assertj.core.api.Assertions.assertThat;

import io.micronaut.context.ApplicationContext;
import io.micronaut.runtime.server.EmbeddedServer;
import io.ratelimiter.limiter.policy.Limit;
import io.ratelimiter.limiter.policy.Policy;
import io.ratelimiter.limiter.policy.Route;
import io.ratelimiter.loadtest.report.ClientAccount;
import io.ratelimiter.loadtest.report.Exchange;
import io.ratelimiter.loadtest.report.ScenarioResult;
import io.ratelimiter.realservers.RealServers;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * The load test's scenarios, shortened, against two in-test nodes (the limiter's filter in front of a stub shortener)
 * on a real Redis: POST /shorten limited by a sliding log of 5 per 2 s, so that a few seconds hold complete windows.
 * Correctness only: what got through, per client and window, never how fast.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ScenariosTest {

    private final String prefix = "lt-" + UUID.randomUUID().toString().substring(0, 8);
    private final List<EmbeddedServer> nodes = new ArrayList<>();

    @BeforeAll
    void startTwoNodes() {
        for (int i = 0; i < 2; i++) {
            nodes.add(ApplicationContext.run(EmbeddedServer.class, Map.of(
                    "micronaut.server.port", -1,
                    "redis.uri", RealServers.redis().uri(),
                    "rate-limiter.key-prefix", prefix,
                    "rate-limiter.trusted-proxies", "127.0.0.1",
                    // Generous on a loaded machine: a check that times out fails open and would count as over-admission.
                    "rate-limiter.timeout", "5s",
                    "rate-limiter.default-policy.limits", "100/60s",
                    "rate-limiter.routes.shorten.route", "POST /shorten",
                    "rate-limiter.routes.shorten.algorithm", "sliding_log",
                    "rate-limiter.routes.shorten.limits", "5/2s")));
        }
    }

    @AfterAll
    void stopNodes() {
        nodes.forEach(EmbeddedServer::stop);
    }

    @Test
    void theSeedScenarioGivesEveryClientExactlyItsLimitInEveryCompleteWindowAndWritesTheReport(@TempDir Path reports) throws Exception {
        Options options = options("seed", "--seed-vus=6", "--seed-clients=3", "--seed-ramp=1s", "--seed-hold=6s", "--seed-think=100ms",
                "--base-url=" + url(0));

        int failures = LoadTest.run(options, reports);

        assertThat(failures).isZero();
        String report = Files.readString(reports.resolve("report.md"));
        assertThat(report).contains("every client got exactly its limit (shorten 5/2s) in each of its", "over-admission: **0**");
        assertThat(report.lines().filter(line -> line.matches("\\| 127\\.\\d+\\.\\d+\\.\\d+ \\| shorten 5/2s \\| 5 \\|.*"))).hasSize(3);
        assertThat(reports.resolve("seed-throughput.svg")).exists();
    }

    @Test
    void everyCompleteWindowOfTheSeedHoldsExactlyTheLimitOverBothNodes() {
        try (Run run = run("seed", "--seed-vus=4", "--seed-clients=2", "--seed-ramp=1s", "--seed-hold=5s", "--seed-think=50ms")) {
            ScenarioResult result = SeedScenario.run(run);

            assertThat(result.failures()).isEmpty();
            assertThat(result.overAdmitted()).isZero();
            assertThat(result.accounts()).hasSize(2).allSatisfy(account -> {
                assertThat(account.completeWindows()).isNotEmpty();
                assertThat(account.completeWindows()).extracting(ClientAccount.Window::admitted).containsOnly(5);
                assertThat(account.mostCertainlyInOneWindow()).isLessThanOrEqualTo(5);
            });
        }
    }

    @Test
    void aPolicyChangedMidRunHoldsOnEveryNodeFromTheNextRequestAndIsPutBackAfterwards() {
        try (Run run = run("policy", "--policy-clients=3", "--policy-duration=6s", "--policy-think=100ms", "--policy-before=6/2s",
                "--policy-after=2/2s")) {
            Optional<Policy> configured = run.limiter.orElseThrow().admin().routePolicy(Route.parse("POST /shorten"));

            ScenarioResult result = PolicyChangeScenario.run(run);

            assertThat(result.failures()).isEmpty();
            assertThat(result.overAdmitted()).isZero();
            assertThat(result.findings()).filteredOn(f -> f.startsWith("node ")).hasSize(2)
                    .allSatisfy(f -> assertThat(f).contains(", 0 with the old policy"));
            assertThat(result.exchanges()).anyMatch(e -> e.phase().equals(PolicyChangeScenario.AFTER) && e.admitted());
            assertThat(result.accounts()).extracting(a -> a.quota().quota()).contains(6L, 2L);
            assertThat(run.limiter.orElseThrow().admin().routePolicy(Route.parse("POST /shorten"))).isEqualTo(configured);
            assertThat(configured).map(Policy::limits).contains(List.of(Limit.parse("5/2s")));
        }
    }

    @Test
    void manyClientsAreEachCountedOnceAndTheirMemoryIsMeasuredInRedis() {
        try (Run run = run("many", "--many-clients=200", "--many-steps=2", "--many-requests=2", "--many-concurrency=16")) {
            ScenarioResult result = ManyClientsScenario.run(run);

            assertThat(result.exchanges()).hasSize(400).allMatch(Exchange::admitted);
            assertThat(result.exchanges().stream().map(Exchange::client).distinct()).hasSize(200);
            assertThat(result.failures()).isEmpty();
            assertThat(result.sections()).singleElement().asString().containsPattern("\\n\\| 100 \\| \\d+ \\| [0-9.]+ MB \\| -?\\d+ B \\| [0-9.]+ / [0-9.]+ \\|")
                    .containsPattern("\\n\\| 200 \\| \\d+ \\| [0-9.]+ MB \\|");
            assertThat(result.findings()).singleElement().asString().containsPattern("200 clients tracked: -?\\d+ B per client");
        }
    }

    private Run run(String... args) {
        Options options = options(args);
        // These nodes run in this JVM without a management port: each answers /prometheus itself.
        List<URI> nodes = List.of(URI.create(url(0)), URI.create(url(1)));
        return new Run(options, URI.create(url(0)), nodes, nodes, Optional.of(LimiterSide.connect(RealServers.redis().uri(), prefix)));
    }

    private Options options(String... args) {
        List<String> all = new ArrayList<>(List.of(args));
        all.add("--nodes=" + url(0) + "," + url(1));
        all.add("--redis-uri=" + RealServers.redis().uri());
        all.add("--key-prefix=" + prefix);
        return Options.parse(all.toArray(String[]::new));
    }

    private String url(int node) {
        return "http://127.0.0.1:" + nodes.get(node).getPort();
    }
}
