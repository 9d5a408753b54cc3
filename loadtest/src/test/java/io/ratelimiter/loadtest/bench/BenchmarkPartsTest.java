package io.ratelimiter.loadtest.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micronaut.context.ApplicationContext;
import io.ratelimiter.limiter.failure.ResilientCheck;
import io.ratelimiter.realservers.RealServers;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The benchmark's own parts, so the figures it prints come from code that is known to count right. */
class BenchmarkPartsTest {

    @Test
    void percentilesAreNearestRankOverAllCallers() {
        Latencies first = new Latencies();
        Latencies second = new Latencies();
        for (int i = 1; i <= 500; i++) {
            first.record(i);
            second.record(500 + i);
        }

        Latencies all = Latencies.merge(List.of(first, second));

        assertThat(all.count()).isEqualTo(1000);
        assertThat(all.percentile(0.50)).isEqualTo(500);
        assertThat(all.percentile(0.99)).isEqualTo(990);
        assertThat(all.percentile(0.999)).isEqualTo(999);
        assertThat(all.percentile(1.0)).isEqualTo(1000);
        assertThat(new Latencies().percentile(0.5)).isZero();
    }

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
            ResilientCheck check = context.getBean(ResilientCheck.class);

            CheckRun.Result result = CheckRun.run(check, 0, 4, Duration.ofMillis(100), Duration.ofMillis(300));

            assertThat(result.decisions()).isPositive();
            assertThat(result.latencies().count()).isEqualTo((int) result.decisions());
            assertThat(result.failed()).isZero();
            assertThat(result.percentileMs(0.99)).isGreaterThanOrEqualTo(result.percentileMs(0.50));
        }
    }
}
