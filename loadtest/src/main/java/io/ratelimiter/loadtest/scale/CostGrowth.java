package io.ratelimiter.loadtest.scale;

import io.micronaut.context.ApplicationContext;
import io.ratelimiter.limiter.admin.RateLimiterAdmin;
import io.ratelimiter.limiter.Decision;
import io.ratelimiter.limiter.RateLimiter;
import io.ratelimiter.limiter.policy.Algorithm;
import io.ratelimiter.limiter.policy.Limit;
import io.ratelimiter.limiter.policy.Policy;
import io.ratelimiter.loadtest.measure.ClosedLoop;
import io.ratelimiter.realservers.RealRedis;
import io.ratelimiter.realservers.RedisAdmin;
import io.ratelimiter.realservers.RealServers;
import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ThreadLocalRandom;

/**
 * How the cost grows with the number of tracked clients, per algorithm: Redis memory (growth of {@code used_memory}
 * per client, and {@code MEMORY USAGE} of a client's state) and the latency of a check on a Redis holding that many
 * clients. Each algorithm starts on an emptied Redis; the policy is 1,000 per hour, so every client's state lives
 * through the run.
 */
final class CostGrowth {

    private static final String ROUTE = "GET /items/{id}";
    private static final int CALLERS = 16;

    private CostGrowth() {
    }

    static void run(PrintStream out, int[] sizes, Duration warmup, Duration measure) {
        try (RealRedis redis = RealServers.newRedis();
             ApplicationContext context = ApplicationContext.run(Map.of("redis.uri", redis.uri(), "rate-limiter.key-prefix", "rl",
                     "rate-limiter.timeout", "2s"))) {
            RateLimiter check = context.getBean(RateLimiter.class);
            RateLimiterAdmin admin = context.getBean(RateLimiterAdmin.class);
            out.println();
            out.println("## Cost as tracked clients grow (one Redis, standalone)");
            out.println();
            out.printf(Locale.ROOT, "Policy 1000/1h; each client made one request. Latency: %d callers checking random tracked clients, %d s "
                    + "measured. Memory, over the clients each step adds: used_memory growth divided by those clients, all in (state, "
                    + "sliding-log entry, the console's index entry).%n%n", CALLERS, measure.toSeconds());
            out.println("| algorithm | tracked clients | used_memory growth per client | checks/s | p50 ms | p99 ms | p99.9 ms |");
            out.println("|---|---:|---:|---:|---:|---:|---:|");
            for (Algorithm algorithm : Algorithm.values()) {
                RedisAdmin.command(redis.host(), redis.port(), "FLUSHALL");
                admin.setDefaultPolicy(Policy.of("default", algorithm, Limit.of(1000, Duration.ofHours(1))));
                int tracked = 0;
                for (int size : sizes) {
                    // Memory is measured on the clients this step adds (one request each): the latency runs before
                    // gave the earlier clients more requests.
                    long before = usedMemory(redis);
                    fill(check, tracked, size);
                    double growth = (usedMemory(redis) - before) / (double) (size - tracked);
                    tracked = size;
                    int clients = size;
                    ClosedLoop.Result latency = ClosedLoop.run(CALLERS, warmup, measure, (caller, n) ->
                            check.check(identity(ThreadLocalRandom.current().nextInt(clients)), ROUTE)
                                    .thenApply(decision -> decision.outcome() == Decision.Outcome.ALLOWED));
                    out.printf(Locale.ROOT, "| %s | %,d | %.0f B | %.0f | %.3f | %.3f | %.3f |%n", algorithm.wireName(), size,
                            growth, latency.perSecond(), latency.latency().p50(),
                            latency.latency().p99(), latency.latency().p999());
                }
            }
        }
    }

    /** One request for each client from {@code from} (inclusive) to {@code to}, at most 2,000 in flight. */
    private static void fill(RateLimiter check, int from, int to) {
        List<CompletableFuture<?>> inFlight = new ArrayList<>();
        for (int i = from; i < to; i++) {
            inFlight.add(check.check(identity(i), ROUTE));
            if (inFlight.size() == 2000) {
                inFlight.forEach(CompletableFuture::join);
                inFlight.clear();
            }
        }
        inFlight.forEach(CompletableFuture::join);
    }

    private static long usedMemory(RealRedis redis) {
        return redis.info("memory").number("used_memory");
    }

    /** Up to 16 million distinct clients: 10.a.b.c. */
    static String identity(int i) {
        return "10." + ((i >> 16) & 0xff) + "." + ((i >> 8) & 0xff) + "." + (i & 0xff);
    }
}
