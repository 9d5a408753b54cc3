package io.ratelimiter.loadtest.scenario;

import io.ratelimiter.limiter.policy.Algorithm;
import io.ratelimiter.limiter.policy.Route;
import io.ratelimiter.loadtest.http.Connection;
import io.ratelimiter.loadtest.http.Drive;
import io.ratelimiter.loadtest.http.Request;
import io.ratelimiter.loadtest.report.ClientAccount;
import io.ratelimiter.loadtest.report.ScenarioResult;
import java.net.InetAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * The seed's test: virtual users ramping up to 20, each sending {@code POST /shorten} through the front door, waiting
 * for the answer and a second, for 90 s, against the 10-per-minute policy. Virtual users are spread over clients
 * (by default one client each, bound to its own address; {@code --seed-clients=1} makes all of them one client, as
 * the seed's k6 script did from one machine). Every client must get exactly the limit in every window it kept
 * asking through, and never more in any window.
 */
final class SeedScenario {

    static final Route ROUTE = Route.parse("POST /shorten");

    private SeedScenario() {
    }

    static ScenarioResult run(Run run) {
        int vus = run.options.seedVus;
        int clientCount = Math.min(vus, run.options.seedClients);
        Duration ramp = run.options.seedRamp;
        Duration hold = run.options.seedHold;
        Duration think = run.options.seedThink;
        List<InetAddress> clients = new ArrayList<>();
        for (int i = 0; i < clientCount; i++) {
            clients.add(run.addresses.next());
        }
        String algorithm = run.algorithmSource(ROUTE);
        System.out.printf("seed: %d virtual users over %d clients, ramp %d s, hold %d s, POST /shorten via %s%n",
                vus, clientCount, ramp.toSeconds(), hold.toSeconds(), run.frontDoor);

        List<Connection> connections = new ArrayList<>();
        List<CompletableFuture<Void>> finished = new ArrayList<>();
        try (Recorder recorder = new Recorder("seed", ramp.plus(hold))) {
            long start = recorder.startNanos;
            long end = start + ramp.plus(hold).toNanos();
            for (int vu = 0; vu < vus; vu++) {
                InetAddress client = clients.get(vu % clientCount);
                Connection connection = run.connect(client, run.frontDoor);
                connections.add(connection);
                CompletableFuture<Void> done = new CompletableFuture<>();
                finished.add(done);
                int user = vu;
                run.loops.schedule(() -> Drive.closedLoop(connection,
                                n -> Request.shorten("https://example.org/loadtest/" + run.id + "/" + client.getHostAddress() + "/" + user + "/" + n),
                                end, think, run.loops, recorder.as(client.getHostAddress(), "", "front door"))
                        .thenRun(() -> done.complete(null)),
                        ramp.toNanos() * vu / vus, TimeUnit.NANOSECONDS);
            }
            CompletableFuture.allOf(finished.toArray(CompletableFuture[]::new)).orTimeout(
                    ramp.plus(hold).plus(run.timeout).plusSeconds(30).toSeconds(), TimeUnit.SECONDS).join();
            connections.forEach(Connection::close);
            ScenarioResult result = new ScenarioResult("seed", "Seed: " + vus + " virtual users, POST /shorten",
                    String.format("The seed's rate test: %d virtual users ramping over %d s, then %d s more, each sending POST /shorten "
                                    + "through %s and waiting %d ms after each answer; %d clients, each bound to its own loopback "
                                    + "address. Algorithm: %s.", vus, ramp.toSeconds(), hold.toSeconds(), run.frontDoor, think.toMillis(),
                            clientCount, algorithm),
                    start, System.nanoTime(), recorder.exchanges(), run.bound(ROUTE));
            judge(result, run.algorithm(ROUTE));
            return result;
        }
    }

    /** With the exact algorithm, a client that kept asking through a whole window got exactly the quota in it. */
    static void judge(ScenarioResult result, Algorithm algorithm) {
        List<ClientAccount> accounts = result.accounts();
        long complete = accounts.stream().mapToLong(a -> a.completeWindows().size()).sum();
        List<String> unequal = new ArrayList<>();
        for (ClientAccount account : accounts) {
            for (ClientAccount.Window window : account.completeWindows()) {
                if (window.admitted() != account.quota().quota()) {
                    unequal.add(account.client() + " window " + (window.index() + 1) + ": " + window.admitted());
                }
            }
        }
        String limit = accounts.isEmpty() ? "?" : accounts.get(0).quota().toString();
        if (algorithm != Algorithm.SLIDING_LOG) {
            result.finding("per-window equality is checked for sliding_log only; this policy is " + algorithm.wireName());
        } else if (complete == 0) {
            result.finding("no client asked through a whole window (limit " + limit + "): admitted counts are of partial windows, "
                    + "each at most the limit");
        } else if (unequal.isEmpty()) {
            result.finding(String.format("every client got exactly its limit (%s) in each of its %d complete windows, over %d clients",
                    limit, complete, accounts.size()));
        } else {
            result.fail("admitted in a complete window differs from the limit " + limit + ": " + String.join(", ", unequal.subList(0,
                    Math.min(10, unequal.size()))));
        }
    }
}
