package io.ratelimiter.systemtests;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.ratelimiter.limiter.testkit.LimiterRedis;
import io.ratelimiter.realservers.PostgresDatabase;
import io.ratelimiter.realservers.RealRedis;
import io.ratelimiter.realservers.RealRedisCluster;
import io.ratelimiter.realservers.RealServers;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * A Redis Cluster of three masters, each with a replica, under two nodes. One master is stopped under load; the
 * cluster promotes its replica, and the nodes must find the new master by themselves (no restart, no operator)
 * and go on limiting the clients whose state lived there, from the state the replica had. Meanwhile clients whose
 * state lives on the healthy masters stay limited.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RedisClusterFailoverTest {

    private static final String SUITE = "cluster-failover";
    private static final int QUOTA = 10;
    private static final int SLOTS = 16384;

    private RealRedisCluster cluster;
    private final List<ShortenerNode> nodes = new ArrayList<>();
    private String prefix;

    @BeforeAll
    void start() {
        cluster = RealServers.newRedisCluster(3, 1);
        // As docs/limiter.md advises: with the default (yes), every master answers CLUSTERDOWN from the moment the
        // failed one is noticed until its replica takes over, so clients on healthy masters would go unchecked too.
        cluster.configSet("cluster-require-full-coverage", "no");
        PostgresDatabase database = RealServers.postgres().createDatabase("cluster_failover");
        prefix = ShortenerNode.uniquePrefix(SUITE);
        Map<String, Object> properties = ShortenerNode.with(
                ShortenerNode.onCluster(cluster.uris(), database, prefix),
                "rate-limiter.default-policy.limits", QUOTA + "/1h");
        nodes.add(ShortenerNode.start(properties));
        nodes.add(ShortenerNode.start(properties));
    }

    @AfterAll
    void stop() {
        nodes.forEach(ShortenerNode::close);
        cluster.close();
    }

    @Test
    void whenAMasterStopsTheNodesFollowItsPromotedReplicaAndTheLimitHolds() {
        RealRedis master = cluster.masters().get(0);
        RealRedis replica = cluster.replicas().get(0);
        String client = clientOnFirstMaster(true, 0);
        String probe = clientOnFirstMaster(true, 1);
        List<String> others = IntStream.range(0, 4).mapToObj(i -> clientOnFirstMaster(false, i)).toList();
        for (int i = 0; i < 4; i++) {
            assertThat(get(i % 2, client).status()).isEqualTo(200);
        }

        long stopped;
        long promoted;
        long resumed;
        try (Load load = Load.start(4, "other", (c, n) -> get((int) (n % 2), others.get(c)))) {
            stopped = System.nanoTime();
            master.stop();
            await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(50)).until(() ->
                    replica.call(jedis -> jedis.info("replication")).contains("role:master"));
            promoted = System.nanoTime();
            long[] limitedAt = new long[1];
            await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(50)).until(() -> {
                // Both nodes must count the client again, not only the one that happened to refresh first.
                boolean both = get(0, probe).header("RateLimit").isPresent() && get(1, probe).header("RateLimit").isPresent();
                limitedAt[0] = System.nanoTime();
                return both;
            });
            resumed = limitedAt[0];
            List<Load.Sample> during = load.select(s -> s.sentAt() >= stopped && s.answeredAt() < resumed);
            long unlimited = during.stream().filter(s -> s.answer().header("RateLimit").isEmpty()).count();
            assertThat(load.all()).allSatisfy(s -> assertThat(s.answer().status()).as("%s", s.answer()).isIn(200, 429));
            Figures.report(SUITE, "master stopped -> replica promoted", Figures.millis(promoted - stopped) + " ms");
            Figures.report(SUITE, "master stopped -> both nodes limiting on the new master",
                    Figures.millis(resumed - stopped) + " ms");
            Figures.report(SUITE, "requests of clients on the healthy masters let through unchecked meanwhile",
                    unlimited + " of " + during.size());
            // Their masters answer throughout; a check may still time out on a busy machine and fail open by design,
            // but not the third of them that went unchecked while every master answered CLUSTERDOWN.
            assertThat(unlimited).as("unchecked requests of clients on healthy masters, of %d", during.size())
                    .isLessThanOrEqualTo(during.size() / 100);
        }

        List<Integer> statuses = new ArrayList<>();
        for (int i = 0; i < QUOTA; i++) {
            statuses.add(get(i % 2, client).status());
        }
        // The replica had the client's four requests unless the last writes were lost with the master (replication
        // is asynchronous): either way the client gets no more than its quota once the nodes use the new master.
        assertThat(statuses).contains(429);
        assertThat(statuses.stream().filter(status -> status == 200).count()).isLessThanOrEqualTo(QUOTA - 4L);
    }

    /** A client whose state lives (or, with {@code onFirst} false, does not live) on the first master's slots. */
    private String clientOnFirstMaster(boolean onFirst, int skip) {
        RealRedis any = cluster.masters().get(1);
        int found = 0;
        for (int i = 1; i < 250; i++) {
            String client = "203.0.113." + i;
            long slot = any.call(jedis -> jedis.clusterKeySlot(LimiterRedis.keyInSlotOf(prefix, client)));
            if ((slot < SLOTS / 3) == onFirst && found++ == skip) {
                return client;
            }
        }
        throw new IllegalStateException("no client among 203.0.113.0/24 on the wanted master");
    }

    private Http.Answer get(int node, String client) {
        return Http.get(nodes.get(node).uri(), "/", "X-Forwarded-For", client);
    }
}
