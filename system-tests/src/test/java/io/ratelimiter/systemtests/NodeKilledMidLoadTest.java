package io.ratelimiter.systemtests;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.ratelimiter.realservers.PostgresDatabase;
import io.ratelimiter.realservers.RealRedis;
import io.ratelimiter.realservers.RealServers;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Three shortener nodes as real processes behind a client that, like the load balancer, sends each request to
 * the next node and tries another when a node does not answer. One node is killed (SIGKILL) while every client is
 * using up its quota: the other two carry on, and no client gets more than its quota across the three.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class NodeKilledMidLoadTest {

    private static final String SUITE = "node-killed";
    private static final int QUOTA = 60;
    private static final int CLIENTS = 12;

    private final List<AppProcess> nodes = new ArrayList<>();
    private final AtomicInteger failedOver = new AtomicInteger();
    private String prefix;

    @BeforeAll
    void start() {
        RealRedis redis = RealServers.redis();
        PostgresDatabase database = RealServers.postgres().createDatabase("node_killed");
        prefix = ShortenerNode.uniquePrefix(SUITE);
        Map<String, String> environment = new HashMap<>();
        environment.put("REDIS_URI", redis.uri());
        environment.put("DATASOURCES_DEFAULT_URL", database.jdbcUrl());
        environment.put("DATASOURCES_DEFAULT_USERNAME", database.username());
        environment.put("DATASOURCES_DEFAULT_PASSWORD", database.password());
        environment.put("RATE_LIMITER_KEY_PREFIX", prefix);
        environment.put("RATE_LIMITER_TRUSTED_PROXIES", "127.0.0.1,::1");
        environment.put("RATE_LIMITER_DEFAULT_POLICY_ALGORITHM", "sliding_log");
        environment.put("RATE_LIMITER_DEFAULT_POLICY_LIMITS", QUOTA + "/1h");
        long began = System.nanoTime();
        for (int i = 1; i <= 3; i++) {
            nodes.add(AppProcess.start("shortener-" + i, AppProcess.SHORTENER_JAR, environment));
        }
        nodes.forEach(AppProcess::awaitHealthy);
        Figures.report(SUITE, "three shortener jars started, healthy", Figures.millis(System.nanoTime() - began) + " ms");
    }

    @AfterAll
    void stop() {
        nodes.forEach(AppProcess::close);
    }

    @Test
    void whenANodeIsKilledTheOthersCarryOnAndNoClientGetsMoreThanItsQuota() {
        AppProcess victim = nodes.get(2);
        long killed;
        Map<String, List<Load.Sample>> byClient;
        List<Load.Clients> clients = new ArrayList<>();
        for (int c = 1; c <= CLIENTS; c++) {
            String identity = "203.0.113." + c;
            clients.add(new Load.Clients(identity, 1, (client, n) -> send(identity, n)));
        }
        try (Load load = Load.of(clients)) {
            await().atMost(Duration.ofSeconds(60)).until(() -> load.all().size() >= CLIENTS * QUOTA / 3);
            killed = System.nanoTime();
            victim.kill();
            await().atMost(Duration.ofSeconds(60)).until(() -> {
                Map<String, Long> denied = load.all().stream().filter(s -> s.answer().status() == 429)
                        .collect(Collectors.groupingBy(s -> s.kind(), Collectors.counting()));
                return denied.size() == CLIENTS && denied.values().stream().allMatch(count -> count >= 3);
            });
            byClient = load.all().stream().collect(Collectors.groupingBy(Load.Sample::kind));
            List<Load.Sample> after = load.select(s -> s.sentAt() > killed);
            assertThat(after).isNotEmpty().allSatisfy(s ->
                    assertThat(s.answer().status()).as("answered by a surviving node: %s", s.answer()).isIn(200, 429));
            Figures.report(SUITE, "requests answered by the two survivors after the kill",
                    after.size() + ", " + failedOver.get() + " of them retried on another node first");
        }

        int fewest = Integer.MAX_VALUE;
        int most = 0;
        for (Map.Entry<String, List<Load.Sample>> client : byClient.entrySet()) {
            int admitted = (int) client.getValue().stream().filter(s -> s.answer().status() == 200).count();
            // A request the killed node had counted but not yet answered is lost with it: at most one per client.
            assertThat(admitted).as("requests of %s admitted across the three nodes", client.getKey())
                    .isBetween(QUOTA - 1, QUOTA);
            fewest = Math.min(fewest, admitted);
            most = Math.max(most, admitted);
        }
        Figures.report(SUITE, "admitted per client (quota " + QUOTA + "), fewest / most", fewest + " / " + most);
        assertThat(RedisKeys.on(RealServers.redis()).immortalState(prefix)).as("state the killed node left immortal").isEmpty();
    }

    /** One request of one client, to the next node; a node that does not answer is skipped, as nginx would. */
    private Http.Answer send(String identity, long n) {
        Http.Answer answer = null;
        for (int attempt = 0; attempt < nodes.size(); attempt++) {
            answer = Http.get(nodes.get((int) ((n + attempt) % nodes.size())).uri(), "/", "X-Forwarded-For", identity);
            if (answer.status() != 0) {
                if (attempt > 0) {
                    failedOver.incrementAndGet();
                }
                break;
            }
        }
        return answer;
    }
}
