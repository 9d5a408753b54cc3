package io.ratelimiter.loadtest.scale;

import io.github.bucket4j.BucketConfiguration;
import io.github.bucket4j.distributed.AsyncBucketProxy;
import io.github.bucket4j.distributed.ExpirationAfterWriteStrategy;
import io.github.bucket4j.distributed.proxy.AsyncProxyManager;
import io.github.bucket4j.redis.lettuce.Bucket4jLettuce;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.codec.ByteArrayCodec;
import io.micronaut.context.ApplicationContext;
import io.ratelimiter.limiter.admin.RateLimiterAdmin;
import io.ratelimiter.limiter.Decision;
import io.ratelimiter.limiter.RateLimiter;
import io.ratelimiter.limiter.policy.Algorithm;
import io.ratelimiter.limiter.policy.Limit;
import io.ratelimiter.limiter.policy.Policy;
import io.ratelimiter.loadtest.measure.ClosedLoop;
import io.ratelimiter.realservers.RealRedis;
import io.ratelimiter.realservers.RealServers;
import io.ratelimiter.realservers.RedisAdmin;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.IntUnaryOperator;

/**
 * Our check beside Bucket4j's Lettuce backend (compare-and-swap: read the bucket, decide in the JVM, write it back
 * by a script if unchanged) on the same Redis, with an equivalent limit: a token bucket holding the quota and
 * refilling the quota per hour, so that every call is admitted and only the cost of a decision is measured.
 */
final class Bucket4jComparison {

    private static final long QUOTA = 1_000_000_000L;
    private static final Duration WINDOW = Duration.ofHours(1);
    private static final String ROUTE = "GET /items/{id}";

    private Bucket4jComparison() {
    }

    static void run(PrintStream out, Duration warmup, Duration measure, int[] callerCounts) {
        try (RealRedis redis = RealServers.newRedis();
             ApplicationContext context = ApplicationContext.run(Map.of("redis.uri", redis.uri(), "rate-limiter.key-prefix", "rl",
                     "rate-limiter.timeout", "2s"))) {
            RateLimiter check = context.getBean(RateLimiter.class);
            RateLimiterAdmin admin = context.getBean(RateLimiterAdmin.class);
            RedisClient client = RedisClient.create(redis.uri());
            try (StatefulRedisConnection<byte[], byte[]> connection = client.connect(ByteArrayCodec.INSTANCE)) {
                AsyncProxyManager<byte[]> buckets = Bucket4jLettuce.casBasedBuilder(connection)
                        .expirationAfterWrite(ExpirationAfterWriteStrategy.basedOnTimeForRefillingBucketUpToMax(Duration.ofMinutes(10)))
                        .build().asAsync();
                BucketConfiguration configuration = BucketConfiguration.builder()
                        .addLimit(limit -> limit.capacity(QUOTA).refillGreedy(QUOTA, WINDOW)).build();
                out.println();
                out.println("## Our check beside Bucket4j (Lettuce, compare-and-swap) on the same Redis");
                out.println();
                out.printf(Locale.ROOT, "Token bucket of %d refilling %d per hour on both sides (every call admitted); %d s warm-up, %d s measured "
                        + "per cell; one Lettuce connection each. Bucket4j sends GET then EVAL (compare-and-swap) per decision; "
                        + "ours one EVALSHA that also reads the policy from Redis and keeps the console's indexes and counters.%n%n", QUOTA, QUOTA, warmup.toSeconds(), measure.toSeconds());
                out.println("| callers | ours: algorithm | ours decisions/s | ours p50 / p99 ms | Bucket4j decisions/s | Bucket4j p50 / p99 ms | ratio ours / Bucket4j |");
                out.println("|---:|---|---:|---|---:|---|---:|");
                for (int cell = 0; cell < callerCounts.length * 2; cell++) {
                    int callers = callerCounts[cell / 2];
                    // Second cell of each count: every caller is the same client, as when one client's requests reach
                    // many nodes at once; a compare-and-swap then retries, a script does not.
                    boolean oneClient = cell % 2 == 1;
                    if (oneClient && callers == 1) {
                        continue;
                    }
                    IntUnaryOperator who = oneClient ? caller -> 0 : caller -> caller;
                    String label = callers + (oneClient ? ", one client" : "");
                    Map<Integer, AsyncBucketProxy> proxies = new ConcurrentHashMap<>();
                    ClosedLoop.Result theirs = ClosedLoop.run(callers, warmup, measure, (caller, n) -> proxies.computeIfAbsent(caller,
                                    c -> buckets.builder().build(("b4j:" + identity(label, who.applyAsInt(c))).getBytes(StandardCharsets.UTF_8),
                                            () -> CompletableFuture.completedFuture(configuration)))
                            .tryConsume(1));
                    for (Algorithm algorithm : new Algorithm[] {Algorithm.TOKEN_BUCKET, Algorithm.GCRA}) {
                        admin.setDefaultPolicy(Policy.of("default", algorithm, Limit.of(QUOTA, WINDOW)));
                        ClosedLoop.Result ours = ClosedLoop.run(callers, warmup, measure, (caller, n) ->
                                check.check(identity(label, who.applyAsInt(caller)) + "-" + algorithm.ordinal(), ROUTE)
                                        .thenApply(decision -> decision.outcome() == Decision.Outcome.ALLOWED));
                        out.printf(Locale.ROOT, "| %s | %s | %.0f | %.3f / %.3f | %.0f | %.3f / %.3f | %.2f |%n", label, algorithm.wireName(),
                                ours.perSecond(), ours.latency().p50(), ours.latency().p99(), theirs.perSecond(), theirs.latency().p50(),
                                theirs.latency().p99(), ours.perSecond() / theirs.perSecond());
                        if (ours.refused() > 0 || theirs.refused() > 0) {
                            out.printf("  (!) refused: ours %d, Bucket4j %d: these figures are not clean%n", ours.refused(), theirs.refused());
                        }
                    }
                }
                out.printf(Locale.ROOT, "%nBucket4j's state per client: %s bytes (MEMORY USAGE; ours: the check benchmark's state bytes).%n",
                        RedisAdmin.command(redis.host(), redis.port(), "MEMORY", "USAGE", "b4j:" + identity("1", 0)));
            } finally {
                client.shutdown();
            }
        }
    }

    private static String identity(String cell, int caller) {
        return "10.77." + cell.replace(", one client", "-1") + "." + caller;
    }
}
