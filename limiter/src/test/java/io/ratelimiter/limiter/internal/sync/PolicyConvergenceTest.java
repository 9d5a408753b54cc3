package io.ratelimiter.limiter.internal.sync;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.ratelimiter.limiter.LimiterTestNodes;
import io.ratelimiter.limiter.admin.PolicyCopies;
import io.ratelimiter.limiter.kit.KitNode;
import io.ratelimiter.limiter.policy.Algorithm;
import io.ratelimiter.limiter.policy.Limit;
import io.ratelimiter.limiter.policy.Policy;
import io.ratelimiter.limiter.policy.Route;
import io.ratelimiter.limiter.internal.redis.KeySpace;
import io.ratelimiter.realservers.RealRedis;
import io.ratelimiter.realservers.RealRedisCluster;
import io.ratelimiter.realservers.RealServers;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * The shared policies' copies on a real Redis Cluster while a master fails: an edit made while a master is down
 * lands on the live buckets at once and on the others once their master is back (its replica promoted, or itself
 * restarted empty), by itself; the console can tell meanwhile how far it has got; a source that lost its data is
 * restored from the copies; and every node decides with the new policy once the copies have converged.
 */
class PolicyConvergenceTest {

    private static final int SLOTS = 16384;
    private static final Route ROUTE = Route.parse("GET /converging");
    private static final Policy BEFORE = Policy.of("before", Algorithm.FIXED_WINDOW, Limit.of(100, Duration.ofMinutes(1)));
    private static final Policy AFTER = Policy.of("after", Algorithm.GCRA, Limit.of(3, Duration.ofMinutes(1)));

    private static Map<String, Object> configuration(RealRedisCluster cluster, String prefix, boolean console) {
        Map<String, Object> properties = new HashMap<>();
        properties.put("redis.uris", String.join(",", cluster.uris()));
        properties.put("redis.timeout", "2s");
        properties.put("rate-limiter.key-prefix", prefix);
        properties.put("rate-limiter.timeout", "2s");
        properties.put("test.manual-clock", "false");
        // Like the console: writes policies, seeds none and runs no filter.
        properties.put("rate-limiter.enabled", Boolean.toString(!console));
        return properties;
    }

    @Test
    void anEditMadeWhileAMasterIsDownConvergesOnEveryBucketOnceItsReplicaTakesOver() {
        String prefix = LimiterTestNodes.uniquePrefix("converge");
        try (RealRedisCluster cluster = RealServers.newRedisCluster(3, 1)) {
            cluster.configSet("cluster-require-full-coverage", "no");
            try (KitNode console = KitNode.start(Map.of(), "console", configuration(cluster, prefix, true));
                 KitNode node = KitNode.start(Map.of(), "node", configuration(cluster, prefix, false))) {
                KeySpace keys = node.keys();
                int sourceMaster = masterOf(cluster, slot(cluster, keys.policySource()));
                int doomed = (sourceMaster + 1) % 3;
                String client = clientOn(cluster, keys, doomed);
                console.admin().setRoutePolicy(ROUTE, BEFORE);
                assertThat(node.check(client, ROUTE.toString()).policy()).isEqualTo("before");

                cluster.masters().get(doomed).stop();
                console.admin().setRoutePolicy(ROUTE, AFTER);

                PolicyCopies meanwhile = console.admin().policyCopies();
                assertThat(meanwhile.current()).as("copies on the stopped master's buckets").isLessThan(meanwhile.copies());
                assertThat(console.admin().routePolicy(ROUTE)).contains(AFTER);

                // Redis' own failover first (the replica promoted once the others agree its master failed), then ours.
                RealRedis replica = cluster.replicas().get(doomed);
                await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200)).ignoreExceptions()
                        .until(() -> replica.call(jedis -> jedis.info("replication")).contains("role:master"));
                await().atMost(Duration.ofSeconds(40)).pollInterval(Duration.ofMillis(200)).ignoreExceptions()
                        .until(() -> console.admin().policyCopies().converged());
                await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(100))
                        .until(() -> "after".equals(node.check(client, ROUTE.toString()).policy()));
            }
        }
    }

    @Test
    void aMasterRestartedEmptyGetsItsCopiesAndTheSourceBackWithTheOperatorsEdits() {
        String prefix = LimiterTestNodes.uniquePrefix("restored");
        try (RealRedisCluster cluster = RealServers.newRedisCluster(3)) {
            cluster.configSet("cluster-require-full-coverage", "no");
            try (KitNode node = KitNode.start(Map.of(), "node", configuration(cluster, prefix, false))) {
                KeySpace keys = node.keys();
                node.admin().setRoutePolicy(ROUTE, AFTER);
                Policy editedDefault = Policy.of("default", Algorithm.SLIDING_LOG, Limit.of(7, Duration.ofMinutes(1)));
                node.admin().setDefaultPolicy(editedDefault);
                int sourceMaster = masterOf(cluster, slot(cluster, keys.policySource()));
                String client = clientOn(cluster, keys, sourceMaster);
                long version = node.admin().policyCopies().version();

                RealRedis master = cluster.masters().get(sourceMaster);
                master.stop();
                master.start();

                // While the master rejoins, Redis may answer CLUSTERDOWN: the condition is asked again.
                await().atMost(Duration.ofSeconds(40)).pollInterval(Duration.ofMillis(200)).ignoreExceptions()
                        .until(() -> node.admin().policyCopies().converged() && node.admin().routePolicy(ROUTE).isPresent());
                assertThat(node.admin().routePolicy(ROUTE)).contains(AFTER);
                assertThat(node.admin().defaultPolicy()).as("not the configured default: the operator's").contains(editedDefault);
                assertThat(node.admin().policyCopies().version()).isGreaterThanOrEqualTo(version);
                assertThat(node.check(client, ROUTE.toString()).policy()).isEqualTo("after");
            }
        }
    }

    /** The master that served this slot when the cluster formed: slots were split evenly, in order. */
    private static int masterOf(RealRedisCluster cluster, int slot) {
        return Math.min(2, slot * 3 / SLOTS);
    }

    private static int slot(RealRedisCluster cluster, String key) {
        RealRedis any = cluster.masters().get(0);
        return Math.toIntExact(any.call(jedis -> jedis.clusterKeySlot(key)));
    }

    private static String clientOn(RealRedisCluster cluster, KeySpace keys, int master) {
        return IntStream.range(1, 250).mapToObj(i -> "203.0.113." + i)
                .filter(client -> masterOf(cluster, slot(cluster, keys.state(keys.bucketOf(client)))) == master)
                .findFirst().orElseThrow();
    }
}
