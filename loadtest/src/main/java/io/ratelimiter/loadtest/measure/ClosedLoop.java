package io.ratelimiter.loadtest.measure;

import io.ratelimiter.loadtest.report.Percentiles;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BiFunction;

/**
 * {@code callers} concurrent callers, each asking again as soon as its answer arrived (a chain of callbacks, not a
 * blocked thread, as the filter on Netty's event loop); only answers after the warm-up are counted. The one closed
 * loop of every benchmark: the limiter's check, Bucket4j, HTTP requests.
 */
public final class ClosedLoop {

    /** What one run measured. */
    public record Result(long calls, long refused, Duration measured, Percentiles latency) {
        public double perSecond() {
            return calls / (measured.toNanos() / 1e9);
        }
    }

    private ClosedLoop() {
    }

    /**
     * @param call given the caller's number and its n-th call, asks once; the answer is whether the call was admitted
     */
    public static Result run(int callers, Duration warmup, Duration measure, BiFunction<Integer, Long, CompletableFuture<Boolean>> call) {
        long measureFrom = System.nanoTime() + warmup.toNanos();
        long end = measureFrom + measure.toNanos();
        AtomicLong refused = new AtomicLong();
        List<Caller> all = new ArrayList<>();
        // Each caller starts on a thread of its own: one whose answers all arrive at once (an open breaker's) loops
        // on that thread until the end, and must not keep the others from starting.
        ExecutorService starters = Executors.newCachedThreadPool();
        try {
            for (int c = 0; c < callers; c++) {
                Caller caller = new Caller(c, call, measureFrom, end, refused);
                all.add(caller);
                starters.execute(caller::next);
            }
            all.forEach(caller -> caller.finished.join());
        } finally {
            starters.shutdown();
        }
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
                CompletableFuture<Boolean> answer;
                try {
                    answer = call.apply(number, n++);
                } catch (RuntimeException e) {
                    // Not an answer but a broken benchmark (say, no connection): the run ends with it.
                    finished.completeExceptionally(e);
                    return;
                }
                if (!answer.isDone()) {
                    answer.whenComplete((admitted, failure) -> {
                        record(asked, admitted, failure);
                        next();
                    });
                    return;
                }
                record(asked, answer.handle((admitted, failure) -> failure == null && Boolean.TRUE.equals(admitted)).join(), null);
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
