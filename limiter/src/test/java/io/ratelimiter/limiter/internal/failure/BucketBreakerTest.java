package io.ratelimiter.limiter.internal.failure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.micronaut.runtime.server.EmbeddedServer;
import io.ratelimiter.limiter.LimiterTestNodes;
import io.ratelimiter.limiter.Decision;
import io.ratelimiter.limiter.internal.redis.KeySpace;
import io.ratelimiter.realservers.RealRedis;
import io.ratelimiter.realservers.RealRedisCluster;
import io.ratelimiter.realservers.RealServers;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.exceptions.JedisMovedDataException;

/** One master of a three-master cluster dies: only the clients whose buckets it held go unchecked. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class BucketBreakerTest {

    private static final String ROUTE = "GET /items/{id}";

    private RealRedisCluster cluster;
    private EmbeddedServer node;
    private final List<String> onTheDeadMaster = new ArrayList<>();
    private final List<String> onLiveMasters = new ArrayList<>();

    @BeforeAll
    void start() {
        cluster = RealServers.newRedisCluster(3);
        // As docs/limiter.md advises: otherwise, once the dead master is noticed, every master answers CLUSTERDOWN.
        cluster.configSet("cluster-require-full-coverage", "no");
        node = LimiterTestNodes.start(Map.of(
                "redis.uris", String.join(",", cluster.uris()),
                "rate-limiter.key-prefix", "brk",
                "rate-limiter.timeout", "300ms",
                "rate-limiter.breaker.failure-threshold", "2",
                "rate-limiter.breaker.cool-down", "60s",
                "rate-limiter.default-policy.limits", "1000/1h"));
        KeySpace keySpace = node.getApplicationContext().getBean(KeySpace.class);
        RealRedis doomed = cluster.masters().get(0);
        for (int i = 1; onTheDeadMaster.size() < 5 || onLiveMasters.size() < 5; i++) {
            String identity = "198.51.100." + i;
            (owns(doomed, keySpace.bucketOf(identity)) ? onTheDeadMaster : onLiveMasters).add(identity);
        }
    }

    @AfterAll
    void stop() {
        node.stop();
        cluster.close();
    }

    @Test
    void clientsOnHealthyMastersKeepBeingLimitedWhileADeadMastersBreakersAreOpen() {
        ResilientCheck check = node.getApplicationContext().getBean(ResilientCheck.class);
        assertThat(outcome(check, onTheDeadMaster.get(0))).isEqualTo(Decision.Outcome.ALLOWED);

        cluster.masters().get(0).stop();
        for (String identity : onTheDeadMaster) {
            for (int i = 0; i < 3; i++) {
                assertThat(outcome(check, identity)).isEqualTo(Decision.Outcome.FAILED_OPEN);
            }
        }

        // Until the others agree the master has failed, the cluster still routes to it as usual; after that, the
        // answer below is what clients on healthy masters get for as long as it stays down.
        RealRedis survivor = cluster.masters().get(1);
        await().atMost(Duration.ofSeconds(30)).until(() ->
                survivor.call(Jedis::clusterNodes).contains("master,fail "));

        for (String identity : onLiveMasters) {
            assertThat(outcome(check, identity)).as(identity).isEqualTo(Decision.Outcome.ALLOWED);
        }
    }

    private static Decision.Outcome outcome(ResilientCheck check, String identity) {
        return check.check(identity, ROUTE).join().outcome();
    }

    /** A master answers a read of a key in its own slots, and redirects (MOVED) one in another master's. */
    private static boolean owns(RealRedis master, int bucket) {
        try {
            master.call(jedis -> jedis.exists("probe{" + bucket + "}"));
            return true;
        } catch (JedisMovedDataException moved) {
            return false;
        }
    }
}
