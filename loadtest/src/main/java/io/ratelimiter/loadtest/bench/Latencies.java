package io.ratelimiter.loadtest.bench;

import java.util.Arrays;

/** Latencies of one caller in nanoseconds, merged after a run; percentiles by sorting (a run holds a few million). */
final class Latencies {

    private long[] values = new long[1 << 14];
    private int size;

    void record(long nanos) {
        if (size == values.length) {
            values = Arrays.copyOf(values, size * 2);
        }
        values[size++] = nanos;
    }

    int count() {
        return size;
    }

    static Latencies merge(Iterable<Latencies> parts) {
        Latencies all = new Latencies();
        for (Latencies part : parts) {
            for (int i = 0; i < part.size; i++) {
                all.record(part.values[i]);
            }
        }
        Arrays.sort(all.values, 0, all.size);
        return all;
    }

    /** The value below which {@code fraction} of the (sorted) values lie, nearest-rank; 0 when empty. */
    long percentile(double fraction) {
        if (size == 0) {
            return 0;
        }
        int rank = (int) Math.ceil(fraction * size);
        return values[Math.max(0, Math.min(size - 1, rank - 1))];
    }
}
