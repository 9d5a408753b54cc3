package io.ratelimiter.loadtest.report;

import java.util.Arrays;
import java.util.Collection;
import java.util.Locale;

/** Latency percentiles (nearest rank) of a set of answers, in milliseconds. */
public record Percentiles(int count, double p50, double p90, double p99, double p999, double max) {

    public static Percentiles of(Collection<Exchange> exchanges) {
        return ofNanos(exchanges.stream().mapToLong(e -> e.response().latencyNanos()).toArray());
    }

    public static Percentiles ofNanos(long[] nanos) {
        long[] sorted = nanos.clone();
        Arrays.sort(sorted);
        return new Percentiles(sorted.length, ms(sorted, 0.50), ms(sorted, 0.90), ms(sorted, 0.99), ms(sorted, 0.999),
                sorted.length == 0 ? 0 : sorted[sorted.length - 1] / 1e6);
    }

    private static double ms(long[] sorted, double fraction) {
        if (sorted.length == 0) {
            return 0;
        }
        int rank = (int) Math.ceil(fraction * sorted.length);
        return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))] / 1e6;
    }

    /** A Markdown table row: count, p50, p90, p99, p99.9, max. */
    public String row(String label) {
        return String.format(Locale.ROOT, "| %s | %d | %.2f | %.2f | %.2f | %.2f | %.2f |", label, count, p50, p90, p99, p999, max);
    }

    public static String header(String what) {
        return "| " + what + " | answers | p50 ms | p90 ms | p99 ms | p99.9 ms | max ms |\n|---|---:|---:|---:|---:|---:|---:|";
    }
}
