package io.ratelimiter.loadtest.http;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.LongFunction;
import java.util.function.LongSupplier;

/**
 * How a virtual user sends: one request at a time on its connection until a deadline, as callbacks on the event loop
 * (no thread per user), each answer handed to {@code record}. Every loop ends by itself at its deadline.
 */
public final class Drive {

    private static final long RETRY_PAUSE_NANOS = Duration.ofMillis(100).toNanos();

    private Drive() {
    }

    /**
     * Sends, waits for the answer, waits {@code think}, sends again, until {@code endNanos}. The n-th request
     * (from 0) is {@code requests.apply(n)}.
     */
    public static CompletableFuture<Void> closedLoop(Connection connection, LongFunction<Request> requests, long endNanos,
                                                     Duration think, ScheduledExecutorService timer, Consumer<Response> record) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        new Runnable() {
            private long n;

            @Override
            public void run() {
                if (System.nanoTime() >= endNanos) {
                    done.complete(null);
                    return;
                }
                connection.send(requests.apply(n++)).thenAccept(response -> {
                    record.accept(response);
                    // A refused or broken connection answers at once: without a pause the loop would only count errors.
                    long pause = response.status() == 0 ? Math.max(think.toNanos(), RETRY_PAUSE_NANOS) : think.toNanos();
                    if (pause == 0) {
                        run();
                    } else {
                        timer.schedule(this, pause, TimeUnit.NANOSECONDS);
                    }
                });
            }
        }.run();
        return done;
    }

    /**
     * Sends at the times {@code slots} gives (nanoTime; the next one is asked after each answer), never two at once,
     * until {@code endNanos}. With {@link Pacer#next} as the slots, many connections share one rate.
     */
    public static CompletableFuture<Void> paced(Connection connection, LongFunction<Request> requests, long endNanos,
                                                LongSupplier slots, ScheduledExecutorService timer, Consumer<Response> record) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        new Runnable() {
            private long n;

            @Override
            public void run() {
                long slot = slots.getAsLong();
                if (slot >= endNanos) {
                    done.complete(null);
                    return;
                }
                long wait = slot - System.nanoTime();
                if (wait > 0) {
                    timer.schedule(this::send, wait, TimeUnit.NANOSECONDS);
                } else {
                    send();
                }
            }

            private void send() {
                connection.send(requests.apply(n++)).thenAccept(response -> {
                    record.accept(response);
                    if (response.status() == 0) {
                        timer.schedule(this, RETRY_PAUSE_NANOS, TimeUnit.NANOSECONDS);
                    } else {
                        run();
                    }
                });
            }
        }.run();
        return done;
    }

    /**
     * Evenly spaced send times at a target rate, shared by any number of connections; a connection that falls behind
     * takes the next free slot from now, so the rate is never made up in a burst.
     */
    public static final class Pacer {
        private final long intervalNanos;
        private final AtomicLong next;

        public Pacer(double perSecond, long startNanos) {
            this.intervalNanos = Math.max(1, (long) (1e9 / perSecond));
            this.next = new AtomicLong(startNanos);
        }

        public long next() {
            long now = System.nanoTime();
            return next.updateAndGet(previous -> Math.max(previous, now) + intervalNanos) - intervalNanos;
        }
    }
}
