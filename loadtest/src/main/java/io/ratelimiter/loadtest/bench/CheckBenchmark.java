package io.ratelimiter.loadtest.bench;

import io.micronaut.context.ApplicationContext;
import io.ratelimiter.limiter.admin.RateLimiterAdmin;
import io.ratelimiter.limiter.admin.WindowQuery;
import io.ratelimiter.limiter.RateLimiter;
import io.ratelimiter.limiter.policy.Algorithm;
import io.ratelimiter.limiter.policy.Limit;
import io.ratelimiter.limiter.policy.Policy;
import io.ratelimiter.limiter.testkit.LimiterRedis;
import io.ratelimiter.realservers.RealRedis;
import io.ratelimiter.realservers.RedisAdmin;
import io.ratelimiter.realservers.RealRedisCluster;
import io.ratelimiter.realservers.RealServers;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

/**
 * What one node's check costs against one local Redis: decisions/s and latency percentiles per algorithm at 1, 16
 * and 64 concurrent callers, beside redis-benchmark running the same script (EVALSHA, same keys and arguments) at
 * the same concurrency on the same Redis. Then how the admin API reads pages with many tracked clients.
 * Prints figures; asserts nothing about time.
 *
 * <p>Run: {@code ./mvnw -q -pl loadtest -am -DskipTests -Pbench verify} (optionally {@code -Dbench.seconds=10}).
 */
public final class CheckBenchmark {

    private static final String PREFIX = "rl";
    private static final int[] CALLERS = {1, 16, 64};

    private CheckBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        Duration measure = Duration.ofSeconds(Long.getLong("bench.seconds", 5));
        Duration warmup = Duration.ofSeconds(Long.getLong("bench.warmup", 2));
        int windows = Integer.getInteger("bench.windows", 100_000);
        Optional<RedisBenchmark> redisBenchmark = RedisBenchmark.onPath();

        try (RealRedis redis = RealServers.newRedis();
             ApplicationContext context = ApplicationContext.run(Map.of(
                     "redis.uri", redis.uri(),
                     "rate-limiter.key-prefix", PREFIX,
                     "rate-limiter.timeout", "2s"))) {
            RateLimiter check = context.getBean(RateLimiter.class);
            RateLimiterAdmin admin = context.getBean(RateLimiterAdmin.class);

            System.out.println("# Check benchmark");
            System.out.println("machine: " + machine());
            System.out.println("redis:   " + redisVersion(redis) + " at " + redis.uri() + " (loopback)");
            System.out.println("run:     " + warmup.toSeconds() + " s warm-up, " + measure.toSeconds()
                    + " s measured per cell; every decision an allowed one (quotas far above the load)");
            if (redisBenchmark.isEmpty()) {
                System.out.println("redis-benchmark: NOT FOUND on PATH (Debian package redis-tools); "
                        + "the comparison columns stay empty");
            }
            System.out.println();
            System.out.println("| algorithm | callers | decisions/s | p50 ms | p99 ms | p99.9 ms | redis-benchmark rps | rb p50 ms | rb p99 ms | ratio |");
            System.out.println("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
            for (Algorithm algorithm : Algorithm.values()) {
                admin.setDefaultPolicy(policy(algorithm));
                for (int callers : CALLERS) {
                    CheckRun.Result run = CheckRun.run(check, algorithm.ordinal(), callers, warmup, measure);
                    String external = "| | | |";
                    if (redisBenchmark.isPresent()) {
                        String identity = "10.99." + algorithm.ordinal() + "." + callers;
                        List<String> command = LimiterRedis.checkCommand(PREFIX, false, identity, CheckRun.ROUTE);
                        // The same command once by hand first: redis-benchmark counts error replies as requests.
                        RedisAdmin.command(redis.host(), redis.port(), command.toArray(String[]::new));
                        int requests = (int) Math.max(20_000, Math.min(2_000_000, run.perSecond() * measure.toSeconds()));
                        RedisBenchmark.Result rb = redisBenchmark.get().run(redis.host(), redis.port(), callers, requests, command);
                        external = String.format(Locale.ROOT, "%.0f | %.3f | %.3f | %.2f", rb.requestsPerSecond(), rb.p50Ms(),
                                rb.p99Ms(), run.perSecond() / rb.requestsPerSecond());
                    }
                    System.out.printf(Locale.ROOT, "| %s | %d | %.0f | %.3f | %.3f | %.3f | %s |%n", algorithm.wireName(),
                            callers, run.perSecond(), run.latency().p50(), run.latency().p99(), run.latency().p999(),
                            external);
                    if (run.failed() > 0 || run.notAdmitted() > 0) {
                        System.out.printf("  (!) %d checks failed open, %d not admitted: these figures are not clean%n",
                                run.failed(), run.notAdmitted());
                    }
                }
            }
            adminPages(check, admin, windows);
        }
        if (Boolean.parseBoolean(System.getProperty("bench.cluster", "true"))) {
            clusterCost(measure, warmup);
        }
    }

    /**
     * The same check on a real three-master Redis Cluster (one bucket per check, so one slot), and what the
     * cluster layout costs elsewhere: a policy edit writes every bucket, a console page merges every bucket's.
     */
    private static void clusterCost(Duration measure, Duration warmup) {
        try (RealRedisCluster cluster = RealServers.newRedisCluster(3);
             ApplicationContext context = ApplicationContext.run(Map.of(
                     "redis.uris", String.join(",", cluster.uris()),
                     "rate-limiter.key-prefix", PREFIX,
                     "rate-limiter.timeout", "2s"))) {
            RateLimiter check = context.getBean(RateLimiter.class);
            RateLimiterAdmin admin = context.getBean(RateLimiterAdmin.class);
            admin.setDefaultPolicy(policy(Algorithm.SLIDING_WINDOW));
            System.out.println();
            System.out.println("## Redis Cluster, 3 masters on loopback (" + LimiterRedis.clusterBuckets() + " buckets)");
            System.out.println();
            System.out.println("| sliding_window, callers | decisions/s | p50 ms | p99 ms | p99.9 ms |");
            System.out.println("|---:|---:|---:|---:|---:|");
            for (int callers : CALLERS) {
                CheckRun.Result run = CheckRun.run(check, 200, callers, warmup, measure);
                System.out.printf(Locale.ROOT, "| %d | %.0f | %.3f | %.3f | %.3f |%n", callers, run.perSecond(),
                        run.latency().p50(), run.latency().p99(), run.latency().p999());
            }
            List<CompletableFuture<?>> inFlight = new ArrayList<>();
            for (int i = 0; i < 10_000; i++) {
                inFlight.add(check.check("172.17." + i / 250 + "." + (i % 250), CheckRun.ROUTE));
            }
            inFlight.forEach(CompletableFuture::join);
            System.out.println();
            System.out.println("| cluster admin call (10,000 tracked windows, median of 20) | ms |");
            System.out.println("|---|---:|");
            time("setDefaultPolicy (one write per bucket)", () -> {
                admin.setDefaultPolicy(policy(Algorithm.SLIDING_WINDOW));
                return null;
            });
            time("windows(top 50, page 0)", () -> admin.windows(WindowQuery.top(50)));
            time("windows(prefix 172.17.19., 50)", () -> admin.windows(WindowQuery.byPrefix("172.17.19.", 0, 50)));
            time("overview()", admin::overview);
        }
    }

    private static Policy policy(Algorithm algorithm) {
        Limit limit = algorithm == Algorithm.SLIDING_LOG
                ? Limit.of(Policy.MAX_SLIDING_LOG_QUOTA, Duration.ofSeconds(1))
                : Limit.of(Limit.MAX_QUOTA, Duration.ofHours(1));
        return Policy.of("default", algorithm, limit);
    }

    /** The console's reads with many tracked clients: each page should cost what it shows, not what exists. */
    private static void adminPages(RateLimiter check, RateLimiterAdmin admin, int windows) {
        admin.setDefaultPolicy(Policy.of("default", Algorithm.SLIDING_WINDOW, Limit.of(1000, Duration.ofHours(1))));
        List<CompletableFuture<?>> inFlight = new ArrayList<>();
        for (int i = 0; i < windows; i++) {
            inFlight.add(check.check("172.16." + i / 250 + "." + (i % 250), CheckRun.ROUTE));
            if (inFlight.size() == 2000) {
                inFlight.forEach(CompletableFuture::join);
                inFlight.clear();
            }
        }
        inFlight.forEach(CompletableFuture::join);
        System.out.println();
        System.out.printf("## Admin reads with %d tracked windows, standalone (median of 20 calls)%n%n", admin.overview().trackedWindows());
        System.out.println("| call | ms |");
        System.out.println("|---|---:|");
        time("windows(top 50, page 0)", () -> admin.windows(WindowQuery.top(50)));
        time("windows(most used, page 100 of 50)", () -> admin.windows(new WindowQuery(WindowQuery.Order.MOST_USED, null, 100, 50)));
        time("windows(recently seen, page 0 of 50)", () -> admin.windows(new WindowQuery(WindowQuery.Order.RECENTLY_SEEN, null, 0, 50)));
        time("windows(prefix 172.16.199., 50)", () -> admin.windows(WindowQuery.byPrefix("172.16.199.", 0, 50)));
        time("overview()", admin::overview);
    }

    private static void time(String what, Supplier<?> call) {
        long[] samples = new long[20];
        for (int i = 0; i < samples.length; i++) {
            long started = System.nanoTime();
            call.get();
            samples[i] = System.nanoTime() - started;
        }
        Arrays.sort(samples);
        System.out.printf(Locale.ROOT, "| %s | %.2f |%n", what, samples[samples.length / 2] / 1e6);
    }

    private static String machine() {
        String cpu = "unknown CPU";
        try {
            cpu = Files.readAllLines(Path.of("/proc/cpuinfo")).stream()
                    .filter(line -> line.startsWith("model name"))
                    .map(line -> line.substring(line.indexOf(':') + 1).trim())
                    .findFirst().orElse(cpu);
        } catch (IOException e) {
            // Not Linux: the core count and JVM still say something.
        }
        return Runtime.getRuntime().availableProcessors() + " cores, " + cpu + ", " + System.getProperty("os.name")
                + ", Java " + System.getProperty("java.version");
    }

    private static String redisVersion(RealRedis redis) {
        return redis.info("server").text("redis_version").map(version -> "Redis " + version).orElse("Redis");
    }
}
