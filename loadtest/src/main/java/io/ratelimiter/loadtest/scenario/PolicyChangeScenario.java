package io.ratelimiter.loadtest.scenario;

import io.ratelimiter.limiter.admin.RateLimiterAdmin;
import io.ratelimiter.limiter.policy.Algorithm;
import io.ratelimiter.limiter.policy.Limit;
import io.ratelimiter.limiter.policy.Policy;
import io.ratelimiter.limiter.policy.Route;
import io.ratelimiter.loadtest.http.Connection;
import io.ratelimiter.loadtest.http.Drive;
import io.ratelimiter.loadtest.http.Request;
import io.ratelimiter.loadtest.report.Exchange;
import io.ratelimiter.loadtest.report.Quota;
import io.ratelimiter.loadtest.report.ScenarioResult;
import java.net.InetAddress;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * A policy change in the middle of a run: clients send {@code POST /shorten} to every node in turn, directly (so each
 * answer says which node decided); halfway, the route's policy is changed through the limiter's admin API, as the
 * console does. Every answer to a request sent after the change returned must carry the new policy, on every node,
 * and no answer received before it began the new one. Each client is accounted under each policy separately. The
 * route's previous policy is put back afterwards.
 */
final class PolicyChangeScenario {

    static final String BEFORE = "old policy";
    static final String DURING = "sent while the change was written";
    static final String AFTER = "new policy";

    private PolicyChangeScenario() {
    }

    static ScenarioResult run(Run run) {
        Route route = SeedScenario.ROUTE;
        if (run.limiter.isEmpty() || run.nodes.isEmpty()) {
            ScenarioResult skipped = new ScenarioResult("policy", "Policy change mid-run: skipped",
                    "Needs the cluster's Redis (--redis-uri) to change the policy and the nodes' URLs (--nodes) to ask each node.",
                    System.nanoTime(), System.nanoTime(), List.of(), quota -> quota.quota());
            skipped.finding("skipped: no --redis-uri or no --nodes");
            return skipped;
        }
        RateLimiterAdmin admin = run.limiter.get().admin();
        int clientCount = run.options.policyClients;
        Duration duration = run.options.policyDuration;
        Duration think = run.options.policyThink;
        Limit before = run.options.policyBefore;
        Limit after = run.options.policyAfter;
        Optional<Policy> original = admin.routePolicy(route);
        String name = original.map(Policy::name).orElse("shorten");
        Policy oldPolicy = Policy.of(name, Algorithm.SLIDING_LOG, before);
        Policy newPolicy = Policy.of(name, Algorithm.SLIDING_LOG, after);
        admin.setRoutePolicy(route, oldPolicy);
        System.out.printf("policy: %d clients over %d nodes, %s then %s at half of %d s%n", clientCount, run.nodes.size(), before, after,
                duration.toSeconds());

        AtomicLong changeStarted = new AtomicLong(Long.MAX_VALUE);
        AtomicLong changeDone = new AtomicLong(Long.MAX_VALUE);
        List<Connection> connections = new ArrayList<>();
        List<CompletableFuture<Void>> loops = new ArrayList<>();
        try (Recorder recorder = new Recorder("policy", duration)) {
            long start = recorder.startNanos;
            long end = start + duration.toNanos();
            for (int c = 0; c < clientCount; c++) {
                InetAddress client = run.addresses.next();
                for (int n = 0; n < run.nodes.size(); n++) {
                    URI node = run.nodes.get(n);
                    Connection connection = run.connect(client, node);
                    connections.add(connection);
                    // Each node's connection of a client starts a little later, so the client's requests rotate over the nodes.
                    long offset = think.toNanos() * n / run.nodes.size() + think.toNanos() * c / clientCount;
                    int nodeIndex = n;
                    CompletableFuture<Void> done = new CompletableFuture<>();
                    loops.add(done);
                    run.loops.schedule(() -> Drive.closedLoop(connection,
                                    i -> Request.shorten("https://example.org/loadtest/" + run.id + "/policy/" + client.getHostAddress() + "/" + i),
                                    end, think.multipliedBy(run.nodes.size()), run.loops,
                                    recorder.as(client.getHostAddress(), sent -> phase(sent, changeStarted.get(), changeDone.get()),
                                            "node " + (nodeIndex + 1)))
                            .thenRun(() -> done.complete(null)), offset, TimeUnit.NANOSECONDS);
                }
            }
            LockSupport.parkNanos(Math.max(0, start + duration.toNanos() / 2 - System.nanoTime()));
            changeStarted.set(System.nanoTime());
            admin.setRoutePolicy(route, newPolicy);
            changeDone.set(System.nanoTime());
            CompletableFuture.allOf(loops.toArray(CompletableFuture[]::new))
                    .orTimeout(duration.plus(run.timeout).plusSeconds(30).toSeconds(), TimeUnit.SECONDS).join();
            connections.forEach(Connection::close);
            ScenarioResult result = new ScenarioResult("policy", "Policy change mid-run: " + before + " to " + after + " on POST /shorten",
                    String.format(Locale.ROOT, "%d clients send POST /shorten to each of the %d nodes in turn (directly, so each answer names "
                                    + "its node), one request every %d ms per client. The route's policy is sliding_log %s; after %d s it is "
                                    + "changed to %s through the limiter's admin API (RateLimiterAdmin.setRoutePolicy, what the console "
                                    + "calls), which took %.2f ms. The previous policy is put back afterwards.", clientCount,
                            run.nodes.size(), think.toMillis(), before, duration.toSeconds() / 2, after,
                            (changeDone.get() - changeStarted.get()) / 1e6),
                    start, System.nanoTime(), recorder.exchanges(), quota -> quota.quota());
            judge(result, before, after, changeStarted.get(), changeDone.get());
            return result;
        } finally {
            if (original.isPresent()) {
                admin.setRoutePolicy(route, original.get());
            } else {
                admin.deleteRoutePolicy(route);
            }
        }
    }

    static String phase(long sent, long changeStarted, long changeDone) {
        return sent < changeStarted ? BEFORE : sent < changeDone ? DURING : AFTER;
    }

    /** No node may answer with the old policy once the change returned, nor with the new one before it began. */
    static void judge(ScenarioResult result, Limit before, Limit after, long changeStarted, long changeDone) {
        List<String> nodes = result.exchanges().stream().map(Exchange::target).distinct().sorted().toList();
        long staleTotal = 0;
        for (String node : nodes) {
            List<Exchange> answered = result.exchanges().stream().filter(e -> e.target().equals(node) && !e.failed()).toList();
            long stale = answered.stream().filter(e -> e.response().sentNanos() >= changeDone && !announces(e, after)).count();
            long early = answered.stream().filter(e -> e.response().receivedNanos() <= changeStarted && !announces(e, before)).count();
            long afterCount = answered.stream().filter(e -> e.response().sentNanos() >= changeDone).count();
            Optional<Exchange> firstNew = answered.stream().filter(e -> e.response().sentNanos() >= changeDone)
                    .min((a, b) -> Long.compare(a.response().receivedNanos(), b.response().receivedNanos()));
            result.finding(String.format(Locale.ROOT, "%s: %d answers to requests sent after the change returned, %d with the old policy; "
                            + "first new-policy answer %.0f ms after the change%s", node, afterCount, stale,
                    firstNew.map(e -> (e.response().receivedNanos() - changeDone) / 1e6).orElse(Double.NaN),
                    early > 0 ? "; " + early + " answers before the change did not carry the old policy" : ""));
            staleTotal += stale + early;
        }
        if (staleTotal > 0) {
            result.fail(staleTotal + " answers carried a policy other than the one in force when they were sent");
        }
    }

    private static boolean announces(Exchange exchange, Limit limit) {
        return Quota.parseAll(exchange.response().policy()).stream()
                .anyMatch(q -> q.quota() == limit.quota() && q.windowSeconds() == limit.windowSeconds());
    }
}
