package io.ratelimiter.admin.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

class LineChartTest {

    @Test
    void aChartTakesAsManyPointsAsItIsGivenAcrossTheSameWidth() {
        for (int seconds : new int[]{10, 60, 600}) {
            List<Long> values = LongStream.range(0, seconds).boxed().toList();

            LineChart chart = LineChart.of("12:00:00", "12:10:00 UTC", "per second",
                    List.of(new LineChart.Values("allowed", "allowed", values)));

            String[] points = chart.series().get(0).svgPoints().split(" ");
            assertThat(points).hasSize(seconds);
            assertThat(points[0]).startsWith(LineChart.LEFT + ",");
            assertThat(points[seconds - 1]).startsWith((LineChart.WIDTH - LineChart.RIGHT) + ",");
        }
    }

    @Test
    void theScaleTopsAtARoundNumberAboveTheHighestValueAndZeroSitsOnTheBaseline() {
        LineChart chart = LineChart.of("a", "b", "per second", List.of(
                new LineChart.Values("allowed", "allowed", List.of(0L, 37L, 12L)),
                new LineChart.Values("denied", "denied", List.of(3L, 0L, 0L))));

        assertThat(chart.ticks()).extracting(LineChart.Tick::label).containsExactly("0", "25", "50");
        assertThat(chart.series().get(0).svgPoints()).startsWith(LineChart.LEFT + "," + LineChart.BOTTOM);
        assertThat(chart.series().get(0).latest()).isEqualTo("12");
        assertThat(chart.summary()).isEqualTo("3 points from a to b: allowed 0 to 37 per second, last 12; "
                + "denied 0 to 3 per second, last 0.");
    }

    @Test
    void noFiguresMakeAnEmptyChartThatSaysSo() {
        LineChart chart = LineChart.of("", "", "per second", List.of(new LineChart.Values("allowed", "allowed",
                List.of())));

        assertThat(chart.points()).isZero();
        assertThat(chart.summary()).isEqualTo("No figures to chart.");
    }
}
