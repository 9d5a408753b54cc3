package io.ratelimiter.loadtest.scenario;

import io.ratelimiter.limiter.policy.Route;
import io.ratelimiter.loadtest.http.Connection;
import io.ratelimiter.loadtest.http.Request;
import io.ratelimiter.loadtest.http.Response;
import io.ratelimiter.loadtest.report.Chart;
import io.ratelimiter.loadtest.report.Exchange;
import io.ratelimiter.loadtest.report.Percentiles;
import io.ratelimiter.loadtest.report.ScenarioResult;
import java.net.InetAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * Many clients: 10,000 (by default) distinct clients each follow a short link ({@code GET /{code}}, the hot read
 * path, under the default policy) a couple of times, in steps; after each step, what Redis holds for them
 * ({@code INFO memory}, {@code MEMORY USAGE} of sampled clients' state, the tracked windows) and what a check cost
 * the nodes (their own timer, in {@code /prometheus}) and the clients (HTTP latency).
 */
final class ManyClientsScenario {

    static final Route ROUTE = Route.parse("GET /{code}");
    private static final int SAMPLED = 50;

    private ManyClientsScenario() {
    }

    /** What was measured after one step. */
    record Step(int clients, long trackedWindows, long usedMemory, double bytesPerClient, Percentiles http,
                NodeMetrics checks) {
    }

    static ScenarioResult run(Run run) {
        int total = run.options.manyClients;
        int steps = Math.min(total, run.options.manySteps);
        int perClient = run.options.manyRequests;
        int concurrency = run.options.manyConcurrency;
        String code = Probe.shortCode(run);
        System.out.printf("many: %d clients in %d steps, %d x GET /%s each, %d at a time, via %s%n", total, steps, perClient, code,
                concurrency, run.frontDoor);
        List<InetAddress> clients = new ArrayList<>();
        for (int i = 0; i < total; i++) {
            clients.add(run.addresses.next());
        }
        long memoryBefore = run.limiter.map(LimiterSide::usedMemory).orElse(0L);
        List<Step> measured = new ArrayList<>();
        try (Recorder recorder = new Recorder("many", Duration.ofSeconds(total / 500 + 10))) {
            NodeMetrics checksBefore = scrape(run);
            int done = 0;
            for (int s = 1; s <= steps; s++) {
                int upTo = (int) ((long) total * s / steps);
                String phase = "up to " + upTo + " clients";
                AtomicInteger next = new AtomicInteger(done);
                List<CompletableFuture<Void>> workers = new ArrayList<>();
                for (int w = 0; w < concurrency; w++) {
                    workers.add(worker(run, clients, next, upTo, perClient, "/" + code,
                            client -> recorder.as(client, phase, "front door")));
                }
                CompletableFuture.allOf(workers.toArray(CompletableFuture[]::new)).orTimeout(10, TimeUnit.MINUTES).join();
                List<Exchange> stepExchanges = recorder.exchanges().stream().filter(e -> e.phase().equals(phase)).toList();
                NodeMetrics checksNow = scrape(run);
                Step step = measure(run, clients.subList(done, upTo), upTo, memoryBefore,
                        Percentiles.of(stepExchanges.stream().filter(e -> !e.failed()).toList()), checksNow.since(checksBefore));
                measured.add(step);
                memoryBefore = step.usedMemory();
                checksBefore = checksNow;
                done = upTo;
                System.out.printf(Locale.ROOT, "  many: %d clients: %d tracked windows, %.0f bytes per client, http p99 %.1f ms%n",
                        upTo, step.trackedWindows(), step.bytesPerClient(), step.http().p99());
            }
            ScenarioResult result = new ScenarioResult("many", "Many clients: " + total + " distinct clients",
                    String.format("%d clients, each bound to its own loopback address, send GET /%s (a redirect, under the route's "
                                    + "policy: %s) %d times on one connection, %d clients at a time, through %s, in %d steps.",
                            total, code, run.algorithmSource(ROUTE), perClient, concurrency, run.frontDoor, steps),
                    recorder.startNanos, System.nanoTime(), recorder.exchanges(), run.bound(ROUTE));
            describe(result, measured, run);
            return result;
        }
    }

    private static NodeMetrics scrape(Run run) {
        return run.metrics.isEmpty() ? new NodeMetrics(new TreeMap<>(), 0, 0) : NodeMetrics.scrape(run.metrics);
    }

    /** Takes clients one after another until none is left: each opens its connection, sends, and closes it. */
    private static CompletableFuture<Void> worker(Run run, List<InetAddress> clients, AtomicInteger next, int upTo, int perClient,
                                                  String path, Function<String, Consumer<Response>> record) {
        int index = next.getAndIncrement();
        if (index >= upTo) {
            return CompletableFuture.completedFuture(null);
        }
        InetAddress client = clients.get(index);
        Connection connection = run.connect(client, run.frontDoor);
        Consumer<Response> sink = record.apply(client.getHostAddress());
        CompletableFuture<Void> chain = CompletableFuture.completedFuture(null);
        for (int r = 0; r < perClient; r++) {
            chain = chain.thenCompose(ignored -> connection.send(Request.get(path))).thenAccept(sink);
        }
        return chain.thenCompose(ignored -> {
            connection.close();
            return worker(run, clients, next, upTo, perClient, path, record);
        });
    }

    /** Memory per client is the growth over this step's new clients (windows of earlier traffic may expire meanwhile). */
    private static Step measure(Run run, List<InetAddress> newClients, int clients, long memoryBefore, Percentiles http,
                                NodeMetrics checks) {
        if (run.limiter.isEmpty()) {
            return new Step(clients, -1, -1, Double.NaN, http, checks);
        }
        LimiterSide redis = run.limiter.get();
        long used = redis.usedMemory();
        long windows = redis.trackedWindows();
        return new Step(clients, windows, used, (used - memoryBefore) / (double) newClients.size(), http, checks);
    }

    private static void describe(ScenarioResult result, List<Step> steps, Run run) {
        StringBuilder table = new StringBuilder("### Cost as the tracked clients grow\n\n")
                .append("| clients | tracked windows (all) | Redis used_memory | used_memory growth per new client | ")
                .append("HTTP p50 / p99 ms | node check mean / p50 / p99 ms (histogram bucket) | checks |\n")
                .append("|---:|---:|---:|---:|---|---|---:|\n");
        for (Step s : steps) {
            table.append(String.format(Locale.ROOT, "| %d | %s | %s | %s | %.2f / %.2f | %s | %.0f |%n", s.clients(),
                    s.trackedWindows() < 0 ? "-" : Long.toString(s.trackedWindows()),
                    s.usedMemory() < 0 ? "-" : String.format(Locale.ROOT, "%.1f MB", s.usedMemory() / 1e6),
                    Double.isNaN(s.bytesPerClient()) ? "-" : String.format(Locale.ROOT, "%.0f B", s.bytesPerClient()),
                    s.http().p50(), s.http().p99(),
                    s.checks().count() <= 0 ? "-" : String.format(Locale.ROOT, "%.2f / %.2f / %.2f", s.checks().meanMs(),
                            s.checks().percentileMs(0.5), s.checks().percentileMs(0.99)),
                    s.checks().count()));
        }
        table.append("\nused_memory growth is over the clients each step added and includes everything a client adds: its state "
                + "and its entry in the index the console reads (by expiry; a client at half a limit or more also has one in the "
                + "near-limit index); windows of earlier traffic that expire meanwhile make it smaller. The node check timer is what the filter waited for Redis, per check.");
        result.section(table.toString());
        Step last = steps.get(steps.size() - 1);
        result.finding(String.format(Locale.ROOT, "%d clients tracked: %s per client in Redis (used_memory growth, all in); "
                        + "HTTP p99 %.1f ms at the last step", last.clients(),
                Double.isNaN(last.bytesPerClient()) ? "?" : String.format(Locale.ROOT, "%.0f B", last.bytesPerClient()), last.http().p99()));
        double[] x = steps.stream().mapToDouble(Step::clients).toArray();
        if (run.limiter.isPresent()) {
            result.chart("memory", Chart.lines("many: Redis memory as clients grow", "clients", "MB",
                    List.of(new Chart.Series("used_memory", x, steps.stream().mapToDouble(s -> s.usedMemory() / 1e6).toArray())),
                    Double.NaN, ""));
        }
        result.chart("latency", Chart.lines("many: latency as clients grow", "clients", "ms", List.of(
                new Chart.Series("HTTP p50", x, steps.stream().mapToDouble(s -> s.http().p50()).toArray()),
                new Chart.Series("HTTP p99", x, steps.stream().mapToDouble(s -> s.http().p99()).toArray()),
                new Chart.Series("check mean (nodes)", x, steps.stream().mapToDouble(s -> s.checks().meanMs()).toArray())), Double.NaN, ""));
    }
}
