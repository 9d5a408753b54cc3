package io.ratelimiter.loadtest.bench;

import io.ratelimiter.limiter.algorithm.Decision;
import io.ratelimiter.limiter.failure.ResilientCheck;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;

/**
 * {@code callers} concurrent callers in a closed loop: each asks the limiter, and when the answer arrives asks
 * again. A caller is a chain of callbacks, not a blocked thread, as in the filter on Netty's event loop; all share
 * the node's one Redis connection.
 */
final class CheckRun {

    static final String ROUTE = "GET /items/{id}";

    /** What one run measured; only the measured part (after warm-up) is counted. */
    record Result(int callers, long decisions, long notAdmitted, long failed, Duration measured, Latencies latencies) {

        double perSecond() {
            return decisions / (measured.toNanos() / 1e9);
        }

        double percentileMs(double fraction) {
            return latencies.percentile(fraction) / 1e6;
        }
    }

    private CheckRun() {
    }

    static String identity(int group, int caller) {
        return "10." + group + "." + caller / 250 + "." + (caller % 250 + 1);
    }

    static Result run(ResilientCheck check, int group, int callers, Duration warmup, Duration measure) {
        long measureFrom = System.nanoTime() + warmup.toNanos();
        long end = measureFrom + measure.toNanos();
        AtomicLong notAdmitted = new AtomicLong();
        AtomicLong failed = new AtomicLong();
        List<Caller> all = new ArrayList<>();
        for (int c = 0; c < callers; c++) {
            Caller caller = new Caller(check, identity(group, c), measureFrom, end, notAdmitted, failed);
            all.add(caller);
            caller.next();
        }
        all.forEach(caller -> caller.finished.join());
        Latencies merged = Latencies.merge(all.stream().map(caller -> caller.latencies).toList());
        return new Result(callers, merged.count(), notAdmitted.get(), failed.get(), measure, merged);
    }

    private static final class Caller {
        private final ResilientCheck check;
        private final String identity;
        private final long measureFrom;
        private final long end;
        private final AtomicLong notAdmitted;
        private final AtomicLong failed;
        private final Latencies latencies = new Latencies();
        private final CompletableFuture<Void> finished = new CompletableFuture<>();

        Caller(ResilientCheck check, String identity, long measureFrom, long end, AtomicLong notAdmitted, AtomicLong failed) {
            this.check = check;
            this.identity = identity;
            this.measureFrom = measureFrom;
            this.end = end;
            this.notAdmitted = notAdmitted;
            this.failed = failed;
        }

        /** Loops while answers arrive at once (a fail-open answer never waits), so the stack stays flat. */
        void next() {
            while (true) {
                long asked = System.nanoTime();
                if (asked >= end) {
                    finished.complete(null);
                    return;
                }
                CompletableFuture<Decision> answer = check.check(identity, ROUTE);
                if (!answer.isDone()) {
                    answer.thenAccept(decision -> {
                        record(asked, decision);
                        next();
                    });
                    return;
                }
                record(asked, answer.join());
            }
        }

        private void record(long asked, Decision decision) {
            long answered = System.nanoTime();
            if (asked < measureFrom) {
                return;
            }
            latencies.record(answered - asked);
            if (!decision.outcome().admitted()) {
                notAdmitted.incrementAndGet();
            }
            if (decision.outcome() == Decision.Outcome.FAILED_OPEN || decision.outcome() == Decision.Outcome.FAILED_CLOSED) {
                failed.incrementAndGet();
            }
        }
    }
}
