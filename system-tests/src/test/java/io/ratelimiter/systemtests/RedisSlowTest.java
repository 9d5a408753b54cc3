package io.ratelimiter.systemtests;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.MeterRegistry;
import io.ratelimiter.realservers.PostgresDatabase;
import io.ratelimiter.realservers.RealRedis;
import io.ratelimiter.realservers.RealServers;
import io.ratelimiter.realservers.RedisAdmin;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import redis.clients.jedis.args.ClientPauseMode;

/**
 * Redis alive but not answering: stuck in {@code DEBUG SLEEP} (the whole server blocked, as in a long fork or
 * script), or every client paused ({@code CLIENT PAUSE ... ALL}). Each check gives up at the configured timeout,
 * the breaker then stops sending checks at all, so neither requests nor commands pile up and no thread waits on
 * Redis; when Redis answers again limiting resumes by itself.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RedisSlowTest {

    private static final String SUITE = "redis-slow";
    private static final Duration CHECK_TIMEOUT = Duration.ofMillis(100);
    private static final Duration COOL_DOWN = Duration.ofSeconds(1);
    private static final Duration STALL = Duration.ofSeconds(3);
    private static final int CLIENTS = 32;

    private RealRedis redis;
    private ShortenerNode node;
    private String code;

    @BeforeAll
    void start() {
        redis = RealServers.newRedis();
        PostgresDatabase database = RealServers.postgres().createDatabase("redis_slow");
        node = ShortenerNode.start(ShortenerNode.with(
                ShortenerNode.properties(redis.uri(), database, ShortenerNode.uniquePrefix(SUITE)),
                "rate-limiter.timeout", CHECK_TIMEOUT.toMillis() + "ms",
                "rate-limiter.breaker.failure-threshold", 5,
                "rate-limiter.breaker.cool-down", COOL_DOWN.toMillis() + "ms"));
        code = Http.shortenForm(node.uri(), "https://example.org/redis-slow").code();
    }

    @AfterAll
    void stop() {
        node.close();
        redis.close();
    }

    @Test
    void aRedisStuckInDebugSleepCostsEachRequestAtMostTheCheckTimeout() {
        stall("DEBUG SLEEP", () -> CompletableFuture.runAsync(() ->
                RedisAdmin.command(redis.host(), redis.port(), "DEBUG", "SLEEP", Long.toString(STALL.toSeconds()))));
    }

    @Test
    void aRedisPausingEveryClientCostsEachRequestAtMostTheCheckTimeout() {
        stall("CLIENT PAUSE", () -> {
            redis.call(jedis -> jedis.clientPause(STALL.toMillis(), ClientPauseMode.ALL));
            long ends = System.nanoTime() + STALL.toNanos();
            return CompletableFuture.runAsync(() -> await().atMost(STALL.plusSeconds(5)).until(() -> System.nanoTime() > ends));
        });
    }

    /** {@code stall} makes Redis stop answering and returns a future that completes when it answers again. */
    private void stall(String how, java.util.function.Supplier<CompletableFuture<Void>> stall) {
        awaitLimiting(System.nanoTime());
        MeterRegistry meters = node.bean(MeterRegistry.class);
        AtomicInteger peakRequestThreads = new AtomicInteger();
        AtomicInteger peakOtherThreads = new AtomicInteger();
        long stalled;
        long answering;
        long checksBefore;
        long checksDuring;
        Http.Answer health;
        try (Load load = Load.start(CLIENTS, "redirect", (client, n) ->
                Http.get(node.uri(), "/" + code, "X-Forwarded-For", "198.51.100." + client))) {
            long began = System.nanoTime();
            await().atMost(Duration.ofSeconds(30)).until(() -> load.sent("redirect", began, Long.MAX_VALUE).size() >= 200);
            int[] threadsBefore = nodeThreads();
            checksBefore = checksAsked(meters);

            stalled = System.nanoTime();
            CompletableFuture<Void> over = stall.get();
            health = Http.get(node.uri(), "/health");
            await().atMost(STALL.plusSeconds(10)).pollInterval(Duration.ofMillis(50)).until(() -> {
                int[] now = nodeThreads();
                peakRequestThreads.accumulateAndGet(now[0], Math::max);
                peakOtherThreads.accumulateAndGet(now[1], Math::max);
                return over.isDone();
            });
            over.join();
            answering = System.nanoTime();
            checksDuring = checksAsked(meters) - checksBefore;
            long resumed = awaitLimiting(answering);

            List<Load.Sample> during = load.select(s -> s.sentAt() >= stalled && s.answeredAt() < answering);
            assertThat(during).hasSizeGreaterThan(CLIENTS);
            assertThat(load.all()).allSatisfy(s -> assertThat(s.answer().status()).as("%s", s.answer()).isEqualTo(302));
            assertThat(during).allSatisfy(s -> assertThat(s.answer().nanos()).isLessThan(CHECK_TIMEOUT.plusSeconds(2).toNanos()));
            // Before the breaker opens every client's check waits once; then one probe per cool-down asks Redis.
            long probes = STALL.toMillis() / COOL_DOWN.toMillis() + 1;
            assertThat(checksDuring).as("checks that waited for the stalled Redis").isLessThanOrEqualTo(2L * CLIENTS + probes + 5);
            // A request thread per client at most: nothing waits on Redis, so nothing piles up behind it.
            assertThat(peakRequestThreads.get()).as("request threads while Redis stalled").isLessThanOrEqualTo(CLIENTS + 4);

            Figures.report(SUITE, how + ": redirect latency while Redis stalls " + STALL.toSeconds() + " s (" + CLIENTS
                    + " clients)", Figures.latencies(during));
            Figures.report(SUITE, how + ": checks that waited for Redis during the stall",
                    checksDuring + " of " + during.size() + " requests");
            Figures.report(SUITE, how + ": node request threads before / peak during the stall",
                    threadsBefore[0] + " / " + peakRequestThreads.get() + " (event loop and Lettuce threads: "
                            + threadsBefore[1] + " / " + peakOtherThreads.get() + ", fixed-size pools started lazily)");
            Figures.report(SUITE, how + ": GET /health during the stall", health.status() + " in " + health.millis() + " ms");
            Figures.report(SUITE, how + ": Redis answering again -> limiting again", Figures.millis(resumed - answering) + " ms");
        }
        assertThat(health.status()).as("health answers while Redis stalls: %s", health).isIn(200, 503);
    }

    /**
     * The node's request threads (its blocking executor, where controllers run) and its other threads (event loops,
     * Lettuce's). Counted by name: the test's clients share the JVM.
     */
    private static int[] nodeThreads() {
        int[] counts = new int[2];
        for (Thread thread : Thread.getAllStackTraces().keySet()) {
            String name = thread.getName();
            if (name.startsWith("io-executor-thread")) {
                counts[0]++;
            } else if (name.startsWith("default-eventLoopGroup") || name.startsWith("lettuce-")
                    || name.startsWith("scheduled-executor-thread")) {
                counts[1]++;
            }
        }
        return counts;
    }

    /** Checks that asked Redis and got no answer: every timed check, less those Redis decided. */
    private static long checksAsked(MeterRegistry meters) {
        double decidedByRedis = meters.find("ratelimiter.decisions").counters().stream()
                .filter(counter -> !counter.getId().getTag("outcome").startsWith("failed"))
                .mapToDouble(counter -> counter.count()).sum();
        return meters.get("ratelimiter.check.latency").timer().count() - (long) decidedByRedis;
    }

    /** Waits for a request that Redis counted (it carries the RateLimit headers) and answers when it came back. */
    private long awaitLimiting(long since) {
        long[] at = new long[1];
        await().atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(10)).until(() -> {
            Http.Answer answer = Http.get(node.uri(), "/" + code, "X-Forwarded-For", "198.51.100.250");
            at[0] = System.nanoTime();
            return answer.header("RateLimit-Policy").isPresent();
        });
        return Math.max(since, at[0]);
    }
}
