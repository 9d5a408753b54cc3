package io.ratelimiter.loadtest.bench;

import io.ratelimiter.limiter.Decision;
import io.ratelimiter.limiter.RateLimiter;
import io.ratelimiter.loadtest.measure.ClosedLoop;
import io.ratelimiter.loadtest.report.Percentiles;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.IntStream;

/**
 * {@code callers} concurrent callers asking the limiter in a closed loop, each its own client; all share the node's
 * one Redis connection, as the filter's checks do.
 */
final class CheckRun {

    static final String ROUTE = "GET /items/{id}";

    /** What one run measured (after warm-up); {@code failed} counts answers the breaker or timeout gave, warm-up too. */
    record Result(int callers, ClosedLoop.Result loop, long failed) {

        long decisions() {
            return loop.calls();
        }

        long notAdmitted() {
            return loop.refused();
        }

        double perSecond() {
            return loop.perSecond();
        }

        Percentiles latency() {
            return loop.latency();
        }
    }

    private CheckRun() {
    }

    static String identity(int group, int caller) {
        return "10." + group + "." + caller / 250 + "." + (caller % 250 + 1);
    }

    static Result run(RateLimiter check, int group, int callers, Duration warmup, Duration measure) {
        String[] identities = IntStream.range(0, callers).mapToObj(caller -> identity(group, caller)).toArray(String[]::new);
        AtomicLong failed = new AtomicLong();
        ClosedLoop.Result loop = ClosedLoop.run(callers, warmup, measure, (caller, n) ->
                check.check(identities[caller], ROUTE).thenApply(decision -> {
                    if (decision.outcome() == Decision.Outcome.FAILED_OPEN || decision.outcome() == Decision.Outcome.FAILED_CLOSED) {
                        failed.incrementAndGet();
                    }
                    return decision.outcome().admitted();
                }));
        return new Result(callers, loop, failed.get());
    }
}
