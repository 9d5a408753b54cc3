package io.ratelimiter.loadtest.scenario;

import io.ratelimiter.loadtest.http.Response;
import io.ratelimiter.loadtest.report.Exchange;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.LongFunction;

/** Collects a scenario's exchanges from the event loops, and prints progress while the scenario runs. */
final class Recorder implements AutoCloseable {

    private final ConcurrentLinkedQueue<Exchange> exchanges = new ConcurrentLinkedQueue<>();
    private final AtomicLong admitted = new AtomicLong();
    private final AtomicLong denied = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();
    private final ScheduledExecutorService progress = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread thread = new Thread(r, "progress");
        thread.setDaemon(true);
        return thread;
    });
    final long startNanos = System.nanoTime();

    /** Prints a progress line every few seconds: elapsed against planned time, answers so far. */
    Recorder(String scenario, Duration planned) {
        long every = planned.compareTo(Duration.ofSeconds(30)) > 0 ? 10 : 5;
        progress.scheduleAtFixedRate(() -> System.out.printf(Locale.ROOT, "  %s: %3d s of %d s, %d answers: %d admitted, %d denied, %d failed%n",
                scenario, (System.nanoTime() - startNanos) / 1_000_000_000L, planned.toSeconds(), exchanges.size(),
                admitted.get(), denied.get(), failed.get()), every, every, TimeUnit.SECONDS);
    }

    Consumer<Response> as(String client, String phase, String target) {
        return response -> add(new Exchange(client, phase, target, response));
    }

    /** For scenarios whose phase depends on when the request left. */
    Consumer<Response> as(String client, LongFunction<String> phaseOfSent, String target) {
        return response -> add(new Exchange(client, phaseOfSent.apply(response.sentNanos()), target, response));
    }

    private void add(Exchange exchange) {
        exchanges.add(exchange);
        (exchange.admitted() ? admitted : exchange.denied() ? denied : failed).incrementAndGet();
    }

    List<Exchange> exchanges() {
        return new ArrayList<>(exchanges);
    }

    @Override
    public void close() {
        progress.shutdownNow();
    }
}
