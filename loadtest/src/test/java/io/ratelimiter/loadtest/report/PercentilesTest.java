package io.ratelimiter.loadtest.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

class PercentilesTest {

    @Test
    void percentilesAreNearestRankInMilliseconds() {
        long[] nanos = LongStream.rangeClosed(1, 1000).map(i -> (1001 - i) * 1_000_000).toArray();

        Percentiles percentiles = Percentiles.ofNanos(nanos);

        assertThat(percentiles.count()).isEqualTo(1000);
        assertThat(percentiles.p50()).isEqualTo(500.0);
        assertThat(percentiles.p99()).isEqualTo(990.0);
        assertThat(percentiles.p999()).isEqualTo(999.0);
        assertThat(percentiles.max()).isEqualTo(1000.0);
        assertThat(nanos[0]).as("the caller's array is left as it was").isEqualTo(1_000_000_000L);
    }

    @Test
    void noAnswersGiveZeros() {
        assertThat(Percentiles.ofNanos(new long[0])).isEqualTo(new Percentiles(0, 0, 0, 0, 0, 0));
    }
}
