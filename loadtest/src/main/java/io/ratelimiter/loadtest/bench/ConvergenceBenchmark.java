package io.ratelimiter.loadtest.bench;

import io.micronaut.context.ApplicationContext;
import io.ratelimiter.limiter.RateLimiter;
import io.ratelimiter.limiter.admin.PolicyCopies;
import io.ratelimiter.limiter.admin.RateLimiterAdmin;
import io.ratelimiter.limiter.policy.Algorithm;
import io.ratelimiter.limiter.policy.Limit;
import io.ratelimiter.limiter.policy.Policy;
import io.ratelimiter.limiter.policy.Route;
import io.ratelimiter.limiter.testkit.LimiterRedis;
import io.ratelimiter.loadtest.scale.BenchRedis;
import io.ratelimiter.realservers.RealRedis;
import io.ratelimiter.realservers.RealRedisCluster;
import io.ratelimiter.realservers.RealServers;
import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import java.util.stream.IntStream;

/**
 * The control plane's figures. On a real 3-master Redis Cluster: an edit of a route policy made while one master is
 * down lands on the other masters' buckets only; the master is then restarted empty, and the time is taken until every
 * bucket's copy holds the edit (as {@link RateLimiterAdmin#policyCopies()} reports it) and until a node decides a
 * client of that master with the new policy. Once with no traffic (the nodes' and the console's sync rounds alone
 * repair), once with a client of the restarted master's buckets checking every 20 ms (a check that sees a stale copy
 * asks for a repair at once). Then, on standalone Redis, what the version check costs a decision: the check told the
 * version the node knows of, against told none (redis-benchmark, as the peer comparison).
 */
public final class ConvergenceBenchmark {

    private static final int SLOTS = 16384;
    private static final Route ROUTE = Route.parse("GET /converging");
    private static final String PREFIX = "conv";

    private ConvergenceBenchmark() {
    }

    public static void run(PrintStream out, int rounds, int requests) throws Exception {
        out.println();
        out.println("## Policy copies on a Redis Cluster: convergence after a partial write");
        out.println();
        out.printf(Locale.ROOT, "3 masters on loopback (real-servers), 64 buckets, `policy-sync.interval` 1 s; one console "
                + "context and one node context. Per round: a route policy set, one master (not the source's) stopped, "
                + "the policy edited (the partial write), the master restarted empty; times from the moment it answers "
                + "again. %d rounds of each kind.%n%n", rounds);
        List<String[]> rows = new ArrayList<>();
        try (RealRedisCluster cluster = RealServers.newRedisCluster(3)) {
            cluster.configSet("cluster-require-full-coverage", "no");
            try (ApplicationContext console = ApplicationContext.run(configuration(cluster, false));
                 ApplicationContext node = ApplicationContext.run(configuration(cluster, true))) {
                RateLimiterAdmin admin = console.getBean(RateLimiterAdmin.class);
                RateLimiter limiter = node.getBean(RateLimiter.class);
                int sourceMaster = masterOf(cluster, LimiterRedis.policySourceKey(PREFIX));
                for (int round = 0; round < 2 * rounds; round++) {
                    boolean traffic = round % 2 == 1;
                    int doomed = (sourceMaster + 1 + round % 2) % 3;
                    String client = clientOn(cluster, doomed);
                    admin.setRoutePolicy(ROUTE, policy("before" + round));
                    RealRedis master = cluster.masters().get(doomed);
                    master.stop();
                    String after = "after" + round;
                    admin.setRoutePolicy(ROUTE, policy(after));
                    PolicyCopies partial = admin.policyCopies();
                    master.start();
                    long restarted = System.nanoTime();
                    long converged = -1;
                    long decided = -1;
                    while (converged < 0 || decided < 0) {
                        if (System.nanoTime() - restarted > Duration.ofSeconds(60).toNanos()) {
                            break;
                        }
                        if (converged < 0 && quietly(() -> admin.policyCopies().converged())) {
                            converged = System.nanoTime();
                        }
                        // Without traffic the node is asked only once the copies converged, so it repairs nothing.
                        if (decided < 0 && (traffic || converged >= 0)
                                && quietly(() -> after.equals(limiter.check(client, ROUTE.toString()).join().policy()))) {
                            decided = System.nanoTime();
                        }
                        Thread.sleep(20);
                    }
                    rows.add(new String[] {traffic ? "a client of it checking every 20 ms" : "no traffic",
                            partial.current() + " / " + partial.copies(), seconds(restarted, converged),
                            seconds(restarted, decided)});
                }
            }
        }
        out.println("| round | copies holding the edit right after it | s until every copy holds it | s until the node decides with it |");
        out.println("|---|---:|---:|---:|");
        for (String[] row : rows) {
            out.println("| " + String.join(" | ", row) + " |");
        }
        versionCheckCost(out, requests);
    }

    private static void versionCheckCost(PrintStream out, int requests) throws Exception {
        out.println();
        out.println("### What the version check costs a decision");
        out.println();
        Optional<RedisBenchmark> benchmark = RedisBenchmark.onPathOrSayWhyNot(out);
        if (benchmark.isEmpty()) {
            return;
        }
        try (BenchRedis redis = BenchRedis.start();
             ApplicationContext console = ApplicationContext.run(Map.of("redis.uri", redis.uri(), "rate-limiter.enabled",
                     "false", "rate-limiter.key-prefix", PREFIX))) {
            RateLimiterAdmin admin = console.getBean(RateLimiterAdmin.class);
            redis.command("SCRIPT", "LOAD", LimiterRedis.checkScript());
            Policy policy = Policy.of("default", Algorithm.GCRA, Limit.of(1_000_000_000, Duration.ofHours(1)));
            String version = Long.toString(Math.max(1, admin.policyCopies().version()));
            double[] told = new double[2];
            for (int round = 0; round < 4; round++) {
                boolean withVersion = round % 2 == 1;
                redis.command("FLUSHALL");
                admin.setDefaultPolicy(policy);
                redis.command("CONFIG", "RESETSTAT");
                benchmark.get().run(redis.host(), redis.port(), 16, requests, LimiterRedis.checkCommand(PREFIX, false,
                        "__rand_int__", "GET /items/{id}", withVersion ? version : ""), 1_000_000);
                told[withVersion ? 1 : 0] += redis.info("commandstats").commandStat("evalsha", "usec_per_call").orElseThrow() / 2;
            }
            out.printf(Locale.ROOT, "Redis %s, redis-benchmark at 16 clients, %,d requests per cell, 2 rounds alternating, "
                    + "gcra, identities from a million: %.2f µs per decision told no version, %.2f µs told the version "
                    + "(%+.2f µs). Both read the copy's version in the one HMGET of policies; what telling it adds is "
                    + "the comparison.%n", redis.version(), requests, told[0], told[1], told[1] - told[0]);
        }
    }

    private static Map<String, Object> configuration(RealRedisCluster cluster, boolean node) {
        Map<String, Object> properties = new HashMap<>();
        properties.put("redis.uris", String.join(",", cluster.uris()));
        properties.put("redis.timeout", "2s");
        properties.put("rate-limiter.key-prefix", PREFIX);
        properties.put("rate-limiter.timeout", "2s");
        // The console writes policies and runs no filter; the node checks.
        properties.put("rate-limiter.enabled", Boolean.toString(node));
        return properties;
    }

    private static Policy policy(String name) {
        return Policy.of(name, Algorithm.FIXED_WINDOW, Limit.of(1_000_000, Duration.ofMinutes(1)));
    }

    private static boolean quietly(BooleanSupplier condition) {
        try {
            return condition.getAsBoolean();
        } catch (RuntimeException e) {
            return false; // CLUSTERDOWN or a moved slot while the master rejoins: ask again
        }
    }

    private static String seconds(long from, long to) {
        return to < 0 ? "not within 60 s" : String.format(Locale.ROOT, "%.2f", (to - from) / 1e9);
    }

    /** The master that served this key's slot when the cluster formed: slots were split evenly, in order. */
    private static int masterOf(RealRedisCluster cluster, String key) {
        long slot = cluster.masters().get(0).call(jedis -> jedis.clusterKeySlot(key));
        return (int) Math.min(2, slot * 3 / SLOTS);
    }

    private static String clientOn(RealRedisCluster cluster, int master) {
        return IntStream.range(1, 250).mapToObj(i -> "203.0.113." + i)
                .filter(client -> masterOf(cluster, LimiterRedis.keyInSlotOf(PREFIX, client)) == master)
                .findFirst().orElseThrow();
    }
}
