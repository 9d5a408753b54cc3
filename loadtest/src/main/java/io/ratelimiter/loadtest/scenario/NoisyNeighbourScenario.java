package io.ratelimiter.loadtest.scenario;

import io.ratelimiter.limiter.policy.Route;
import io.ratelimiter.loadtest.http.Connection;
import io.ratelimiter.loadtest.http.Drive;
import io.ratelimiter.loadtest.http.Request;
import io.ratelimiter.loadtest.report.Exchange;
import io.ratelimiter.loadtest.report.Percentiles;
import io.ratelimiter.loadtest.report.Quota;
import io.ratelimiter.loadtest.report.ScenarioResult;
import java.net.InetAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The noisy neighbour: polite clients send their quota of {@code POST /shorten}, evenly spaced a little wider than
 * the limit; after a baseline, one noisy client joins on many connections at thousands of requests per second. The
 * polite clients must get every request through, with their latency beside the baseline's; the noisy one no more
 * than the limit.
 */
final class NoisyNeighbourScenario {

    static final String BASELINE = "polite, baseline";
    static final String WITH_NOISE = "polite, beside the noisy client";
    static final String NOISY = "noisy client";

    private NoisyNeighbourScenario() {
    }

    static ScenarioResult run(Run run) {
        Route route = SeedScenario.ROUTE;
        int rate = run.options.noisyRps;
        int noisyConnections = run.options.noisyConnections;
        int politeCount = run.options.politeClients;
        Duration duration = run.options.noisyDuration;
        Duration baseline = run.options.noisyBaseline;
        Quota quota = Probe.quotaOf(run, Request.shorten("https://example.org/loadtest/" + run.id + "/probe"));
        // 5% wider than the limit: the polite never ask for more than their quota in any window.
        long intervalNanos = (long) (quota.windowNanos() / (double) quota.quota() * 1.05);
        System.out.printf(Locale.ROOT, "noisy: %d polite clients, one request every %.1f s each (limit %s); after %d s one noisy client at "
                        + "%d requests/s on %d connections; %d s in all%n", politeCount, intervalNanos / 1e9, quota, baseline.toSeconds(),
                rate, noisyConnections, duration.toSeconds());

        List<Connection> connections = new ArrayList<>();
        List<CompletableFuture<Void>> loops = new ArrayList<>();
        try (Recorder recorder = new Recorder("noisy", duration)) {
            long start = recorder.startNanos;
            long noisyFrom = start + baseline.toNanos();
            long end = start + duration.toNanos();
            for (int i = 0; i < politeCount; i++) {
                InetAddress client = run.addresses.next();
                Connection connection = run.connect(client, run.frontDoor);
                connections.add(connection);
                AtomicLong slot = new AtomicLong(start + intervalNanos * i / politeCount - intervalNanos);
                int polite = i;
                loops.add(Drive.paced(connection,
                        n -> Request.shorten("https://example.org/loadtest/" + run.id + "/polite/" + polite + "/" + n),
                        end, () -> slot.addAndGet(intervalNanos), run.loops,
                        recorder.as(client.getHostAddress(), sent -> sent < noisyFrom ? BASELINE : WITH_NOISE, "front door")));
            }
            InetAddress noisy = run.addresses.next();
            Drive.Pacer pacer = new Drive.Pacer(rate, noisyFrom);
            for (int c = 0; c < noisyConnections; c++) {
                Connection connection = run.connect(noisy, run.frontDoor);
                connections.add(connection);
                loops.add(Drive.paced(connection, n -> Request.shorten("https://example.org/loadtest/" + run.id + "/noisy/" + n),
                        end, pacer::next, run.loops, recorder.as(noisy.getHostAddress(), NOISY, "front door")));
            }
            CompletableFuture.allOf(loops.toArray(CompletableFuture[]::new))
                    .orTimeout(duration.plus(run.timeout).plusSeconds(30).toSeconds(), TimeUnit.SECONDS).join();
            connections.forEach(Connection::close);

            ScenarioResult result = new ScenarioResult("noisy", "Noisy neighbour: " + politeCount + " polite clients beside one at "
                    + rate + " requests/s",
                    String.format(Locale.ROOT, "%d polite clients send POST /shorten once every %.1f s each (their limit is %s), through %s. "
                                    + "After %d s a noisy client joins with %d connections from one address, paced at %d requests/s, "
                                    + "until %d s. Algorithm: %s.", politeCount, intervalNanos / 1e9, quota, run.frontDoor,
                            baseline.toSeconds(), noisyConnections, rate, duration.toSeconds(), run.algorithmSource(route)),
                    start, System.nanoTime(), recorder.exchanges(), run.bound(route));
            judge(result, noisy.getHostAddress(), (end - noisyFrom) / 1e9);
            return result;
        }
    }

    static void judge(ScenarioResult result, String noisyClient, double noisySeconds) {
        List<Exchange> polite = result.exchanges().stream().filter(e -> !e.client().equals(noisyClient)).toList();
        long politeDenied = polite.stream().filter(Exchange::denied).count();
        long politeFailed = polite.stream().filter(Exchange::failed).count();
        List<Exchange> noisy = result.exchanges().stream().filter(e -> e.client().equals(noisyClient)).toList();
        result.finding(String.format(Locale.ROOT, "noisy client: %d requests (%.0f/s achieved), %d admitted, %d denied, %d failed",
                noisy.size(), noisy.size() / Math.max(0.001, noisySeconds), noisy.stream().filter(Exchange::admitted).count(),
                noisy.stream().filter(Exchange::denied).count(), noisy.stream().filter(Exchange::failed).count()));
        Percentiles before = Percentiles.of(polite.stream().filter(e -> e.phase().equals(BASELINE) && e.admitted()).toList());
        Percentiles beside = Percentiles.of(polite.stream().filter(e -> e.phase().equals(WITH_NOISE) && e.admitted()).toList());
        result.finding(String.format(Locale.ROOT, "polite clients: %d requests, %d admitted, %d denied, %d failed; latency p50/p99 "
                        + "%.1f/%.1f ms in the baseline, %.1f/%.1f ms beside the noisy client", polite.size(),
                polite.stream().filter(Exchange::admitted).count(), politeDenied, politeFailed, before.p50(), before.p99(),
                beside.p50(), beside.p99()));
        if (politeDenied > 0 || politeFailed > 0) {
            result.fail(String.format("polite clients did not get their full quota: %d denied, %d failed", politeDenied, politeFailed));
        }
    }
}
