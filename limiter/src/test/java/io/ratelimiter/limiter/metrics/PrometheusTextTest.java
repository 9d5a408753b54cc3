package io.ratelimiter.limiter.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.groups.Tuple.tuple;

import org.junit.jupiter.api.Test;

class PrometheusTextTest {

    private static final String EXPOSITION = """
            # HELP ratelimiter_fail_open_total
            # TYPE ratelimiter_fail_open_total counter
            ratelimiter_fail_open_total{route="POST /shorten"} 3.0
            ratelimiter_fail_open_total{route="GET /{code}",policy="say \\"hi\\""} 4.0
            ratelimiter_fail_open_totally_else 100.0

            ratelimiter_check_latency_seconds_bucket{le="0.001"} 5.0
            ratelimiter_check_latency_seconds_bucket{le="+Inf"} 9.0 1700000000000
            ratelimiter_check_latency_seconds_count 9
            """;

    @Test
    void everySeriesOfAMeterIsAddedUpAndOnlyItsOwn() {
        assertThat(PrometheusText.parse(EXPOSITION).sum("ratelimiter_fail_open_total")).isEqualTo(7.0);
    }

    @Test
    void labelsAreReadWithTheirEscapes() {
        PrometheusText text = PrometheusText.parse(EXPOSITION);

        assertThat(text.samples("ratelimiter_fail_open_total")).extracting(sample -> sample.label("policy"))
                .containsExactly(null, "say \"hi\"");
        assertThat(text.samples("ratelimiter_check_latency_seconds_bucket"))
                .extracting(sample -> sample.label("le"), PrometheusText.Sample::value)
                .containsExactly(tuple("0.001", 5.0),
                        tuple("+Inf", 9.0));
    }

    @Test
    void aMeterNotExposedSumsToZero() {
        assertThat(PrometheusText.parse("").sum("ratelimiter_shed_total")).isZero();
    }

    @Test
    void aValueThatIsNoNumberMakesTheTextUnreadable() {
        assertThatThrownBy(() -> PrometheusText.parse("ratelimiter_fail_open_total lots"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("lots");
    }
}
