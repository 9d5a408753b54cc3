package io.ratelimiter.loadtest.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micronaut.context.ApplicationContext;
import io.ratelimiter.limiter.RateLimiter;
import io.ratelimiter.realservers.RealServers;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The benchmark's own parts, so the figures it prints come from code that is known to count right. */
class BenchmarkPartsTest {

    @Test
    void redisBenchmarksCsvIsRead() throws Exception {
        String csv = """
                "test","rps","avg_latency_ms","min_latency_ms","p50_latency_ms","p95_latency_ms","p99_latency_ms","max_latency_ms"
                "EVALSHA 1f2e 8 rl:{0}:policy:client:x","41666.67","0.350","0.104","0.327","0.535","0.655","1.247"
                """;

        RedisBenchmark.Result result = RedisBenchmark.parse(csv);

        assertThat(result.requestsPerSecond()).isEqualTo(41666.67);
        assertThat(result.p50Ms()).isEqualTo(0.327);
        assertThat(result.p99Ms()).isEqualTo(0.655);
        assertThatThrownBy(() -> RedisBenchmark.parse("ERR unknown command")).hasMessageContaining("no result line");
    }

    @Test
    void aShortRunAgainstRealRedisCountsEveryDecisionOfEveryCaller() throws Exception {
        try (ApplicationContext context = ApplicationContext.run(Map.of("redis.uri", RealServers.redis().uri(),
                "rate-limiter.key-prefix", "bench-test", "rate-limiter.timeout", "2s"))) {
            RateLimiter check = context.getBean(RateLimiter.class);

            CheckRun.Result result = CheckRun.run(check, 0, 4, Duration.ofMillis(100), Duration.ofMillis(300));

            assertThat(result.decisions()).isPositive();
            assertThat(result.latency().count()).isEqualTo((int) result.decisions());
            assertThat(result.failed()).isZero();
            assertThat(result.notAdmitted()).as("the test's default policy denies most").isBetween(0L, result.decisions());
            assertThat(result.latency().p99()).isGreaterThanOrEqualTo(result.latency().p50());
        }
    }
}
