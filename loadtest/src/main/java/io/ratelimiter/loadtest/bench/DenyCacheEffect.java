package io.ratelimiter.loadtest.bench;

import io.micronaut.context.ApplicationContext;
import io.ratelimiter.limiter.admin.RateLimiterAdmin;
import io.ratelimiter.limiter.Decision;
import io.ratelimiter.limiter.RateLimiter;
import io.ratelimiter.limiter.policy.Algorithm;
import io.ratelimiter.limiter.policy.Limit;
import io.ratelimiter.limiter.policy.Policy;
import io.ratelimiter.loadtest.scale.BenchRedis;
import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The noisy neighbour against one node, with and without the policy's deny cache: one client sending 2,000 requests
 * per second (an open loop, as a flood is), its policy 10 per minute. Counted: the checks that reached Redis per
 * second (EVALSHA calls in {@code INFO commandstats}), and that no more than the quota was admitted either way.
 */
public final class DenyCacheEffect {

    private static final int RATE = 2_000;
    private static final String ROUTE = "GET /items/{id}";

    private DenyCacheEffect() {
    }

    public static void run(PrintStream out, Duration measure) throws Exception {
        out.println();
        out.println("## The deny cache under a noisy neighbour");
        out.println();
        out.printf(Locale.ROOT, "One client at %,d requests/s for %d s against one node, its policy fixed_window 10 per minute; "
                + "Redis calls counted by `INFO commandstats` (EVALSHA; the node's once-a-second bookkeeping included).%n%n",
                RATE, measure.toSeconds());
        out.println("| deny cache | requests | admitted | checks reaching Redis per second | share of requests asked of Redis |");
        out.println("|---|---:|---:|---:|---:|");
        for (Duration bound : List.of(Duration.ZERO, Duration.ofSeconds(1), Duration.ofSeconds(10))) {
            try (BenchRedis redis = BenchRedis.start();
                 ApplicationContext node = ApplicationContext.run(Map.of("redis.uri", redis.uri(), "rate-limiter.key-prefix", "rl",
                         "rate-limiter.timeout", "2s"))) {
                RateLimiterAdmin admin = node.getBean(RateLimiterAdmin.class);
                RateLimiter check = node.getBean(RateLimiter.class);
                admin.setDefaultPolicy(Policy.of("default", Algorithm.FIXED_WINDOW, Limit.of(10, Duration.ofMinutes(1)))
                        .withDenyCache(bound));
                redis.command("CONFIG", "RESETSTAT");
                AtomicLong admitted = new AtomicLong();
                List<CompletableFuture<Decision>> all = new ArrayList<>();
                ScheduledExecutorService pace = Executors.newSingleThreadScheduledExecutor();
                long requests = RATE * measure.toSeconds();
                AtomicLong sent = new AtomicLong();
                CompletableFuture<Void> done = new CompletableFuture<>();
                // Two requests every millisecond.
                pace.scheduleAtFixedRate(() -> {
                    for (int i = 0; i < RATE / 1000 && sent.get() < requests; i++) {
                        sent.incrementAndGet();
                        CompletableFuture<Decision> decision = check.check("198.51.100.1", ROUTE);
                        synchronized (all) {
                            all.add(decision);
                        }
                    }
                    if (sent.get() >= requests) {
                        done.complete(null);
                    }
                }, 0, 1, TimeUnit.MILLISECONDS);
                long began = System.nanoTime();
                done.get(measure.toSeconds() * 5, TimeUnit.SECONDS);
                pace.shutdownNow();
                synchronized (all) {
                    for (CompletableFuture<Decision> decision : all) {
                        if (decision.join().outcome().admitted()) {
                            admitted.incrementAndGet();
                        }
                    }
                }
                double seconds = (System.nanoTime() - began) / 1e9;
                long calls = redis.info("commandstats").commandStat("evalsha", "calls").orElse(0.0).longValue();
                out.printf(Locale.ROOT, "| %s | %,d | %d | %.0f | %.1f%% |%n", bound.isZero() ? "off" : bound.toSeconds() + " s",
                        requests, admitted.get(), calls / seconds, 100.0 * calls / requests);
            }
        }
    }
}
