package io.ratelimiter.loadtest.scale;

import io.ratelimiter.loadtest.report.Percentiles;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BiFunction;

/**
 * {@code callers} concurrent callers, each asking again as soon as its answer arrived (a chain of callbacks, not a
 * blocked thread, as the filter on Netty's event loop); only answers after the warm-up are counted.
 */
final class ClosedLoop {

    /** What one run measured. */
    record Result(long calls, long refused, Duration measured, Percentiles latency) {
        double perSecond() {
            return calls / (measured.toNanos() / 1e9);
        }
    }

    private ClosedLoop() {
    }

    /**
     * @param call given the caller's number and its n-th call, asks once; the answer is whether the call was admitted
     */
    static Result run(int callers, Duration warmup, Duration measure, BiFunction<Integer, Long, CompletableFuture<Boolean>> call) {
        long measureFrom = System.nanoTime() + warmup.toNanos();
        long end = measureFrom + measure.toNanos();
        AtomicLong refused = new AtomicLong();
        List<Caller> all = new ArrayList<>();
        for (int c = 0; c < callers; c++) {
            Caller caller = new Caller(c, call, measureFrom, end, refused);
            all.add(caller);
            caller.next();
        }
        all.forEach(caller -> caller.finished.join());
        long[] merged = all.stream().flatMapToLong(caller -> Arrays.stream(caller.latencies, 0, caller.size)).toArray();
        return new Result(merged.length, refused.get(), measure, Percentiles.ofNanos(merged));
    }

    private static final class Caller {
        private final int number;
        private final BiFunction<Integer, Long, CompletableFuture<Boolean>> call;
        private final long measureFrom;
        private final long end;
        private final AtomicLong refused;
        private final CompletableFuture<Void> finished = new CompletableFuture<>();
        private long[] latencies = new long[1 << 14];
        private int size;
        private long n;

        Caller(int number, BiFunction<Integer, Long, CompletableFuture<Boolean>> call, long measureFrom, long end, AtomicLong refused) {
            this.number = number;
            this.call = call;
            this.measureFrom = measureFrom;
            this.end = end;
            this.refused = refused;
        }

        /** Loops while answers arrive at once, so the stack stays flat. */
        void next() {
            while (true) {
                long asked = System.nanoTime();
                if (asked >= end) {
                    finished.complete(null);
                    return;
                }
                CompletableFuture<Boolean> answer = call.apply(number, n++);
                if (!answer.isDone()) {
                    answer.whenComplete((admitted, failure) -> {
                        record(asked, admitted, failure);
                        next();
                    });
                    return;
                }
                record(asked, answer.getNow(false), null);
            }
        }

        private void record(long asked, Boolean admitted, Throwable failure) {
            long answered = System.nanoTime();
            if (asked < measureFrom) {
                return;
            }
            if (failure != null || !Boolean.TRUE.equals(admitted)) {
                refused.incrementAndGet();
            }
            if (size == latencies.length) {
                latencies = Arrays.copyOf(latencies, size * 2);
            }
            latencies[size++] = answered - asked;
        }
    }
}
