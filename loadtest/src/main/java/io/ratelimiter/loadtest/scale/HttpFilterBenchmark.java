package io.ratelimiter.loadtest.scale;

import io.ratelimiter.loadtest.measure.ClosedLoop;
import io.netty.channel.EventLoopGroup;
import io.ratelimiter.loadtest.http.Connection;
import io.ratelimiter.loadtest.http.Request;
import io.ratelimiter.loadtest.scenario.NodeMetrics;
import io.ratelimiter.realservers.FreePorts;
import io.ratelimiter.realservers.PostgresDatabase;
import io.ratelimiter.realservers.RealPostgres;
import io.ratelimiter.realservers.RealRedis;
import io.ratelimiter.realservers.RealServers;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The shortener's redirect ({@code GET /{code}}) and shorten ({@code POST /shorten}, a URL already stored) endpoints
 * with the limiter's filter on and off: two nodes of the same jar on the same Redis and PostgreSQL, driven in turns
 * (on, off, off, on, ...) by wrk (or, without wrk, the JVM client) at the same concurrency, in one run. The "on" node's
 * limits are far above the load, so every request is checked and admitted: what is measured is the check's cost.
 */
final class HttpFilterBenchmark {

    private static final Pattern CODE = Pattern.compile("\"code\"\\s*:\\s*\"([^\"]+)\"");
    private static final String URL = "https://example.org/benchmark";
    private static final int CONNECTIONS = 16;

    private HttpFilterBenchmark() {
    }

    /** One measured cell. */
    private record Cell(double rps, double p50, double p99) {
    }

    static void run(PrintStream out, Path repository, Duration warmup, Duration measure, int rounds) throws Exception {
        Path jar = repository.resolve("shortener-api/target/shortener-api.jar");
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException("build the shortener first: ./mvnw -q -DskipTests package (loadtest/run does)");
        }
        Optional<Wrk> wrk = Wrk.onPath();
        Path work = repository.resolve("loadtest/target/http-benchmark");
        Files.createDirectories(work);
        Path shortenScript = work.resolve("shorten.lua");
        Files.writeString(shortenScript, "wrk.method = \"POST\"\nwrk.body = \"url=" + URL.replace(":", "%3A").replace("/", "%2F")
                + "\"\nwrk.headers[\"Content-Type\"] = \"application/x-www-form-urlencoded\"\n");
        try (RealRedis redis = RealServers.newRedis(); RealPostgres postgres = RealServers.newPostgres()) {
            PostgresDatabase database = postgres.createDatabase("bench");
            List<Process> nodes = new ArrayList<>();
            try {
                int onPort = FreePorts.next();
                int offPort = FreePorts.next();
                nodes.add(startNode(jar, work, "filter-on", onPort, redis, database, true));
                nodes.add(startNode(jar, work, "filter-off", offPort, redis, database, false));
                URI on = URI.create("http://127.0.0.1:" + onPort);
                URI off = URI.create("http://127.0.0.1:" + offPort);
                awaitHealthy(on, nodes.get(0));
                awaitHealthy(off, nodes.get(1));
                String code = shorten(on);
                Map<String, String[]> endpoints = new LinkedHashMap<>();
                endpoints.put("GET /{code} (redirect)", new String[] {"/" + code, null});
                endpoints.put("POST /shorten (URL already stored)", new String[] {"/shorten", shortenScript.toString()});

                out.println();
                out.println("## HTTP: the shortener with the filter on and off");
                out.println();
                out.printf(Locale.ROOT, "Two nodes of shortener-api.jar (same flags) on one Redis and one PostgreSQL; %s with %d connections, "
                                + "%d s warm-up per cell, then %d rounds of %d s per cell in turns (on/off order alternating); the \"on\" "
                                + "node's limits (10^9 per hour) admit everything, so each request pays one check. The load tool shares "
                                + "the 2 cores with both nodes, Redis and PostgreSQL.%n%n",
                        wrk.isPresent() ? "wrk -t1" : "the JVM client (wrk not installed)", CONNECTIONS, warmup.toSeconds(), rounds,
                        measure.toSeconds());
                out.println("| endpoint | filter on req/s | filter off req/s | ratio on/off | p50 on / off ms | p99 on / off ms | added p99 ms | check p99 (node's timer) ms | check mean ms |");
                out.println("|---|---:|---:|---:|---|---|---:|---:|---:|");
                for (Map.Entry<String, String[]> endpoint : endpoints.entrySet()) {
                    String path = endpoint.getValue()[0];
                    Path script = endpoint.getValue()[1] == null ? null : Path.of(endpoint.getValue()[1]);
                    drive(wrk, on, path, script, warmup);
                    drive(wrk, off, path, script, warmup);
                    List<Cell> onCells = new ArrayList<>();
                    List<Cell> offCells = new ArrayList<>();
                    NodeMetrics checksBefore = NodeMetrics.scrape(List.of(on));
                    for (int round = 0; round < rounds; round++) {
                        boolean onFirst = round % 2 == 0;
                        for (boolean filterOn : onFirst ? new boolean[] {true, false} : new boolean[] {false, true}) {
                            (filterOn ? onCells : offCells).add(drive(wrk, filterOn ? on : off, path, script, measure));
                        }
                    }
                    NodeMetrics checks = NodeMetrics.scrape(List.of(on)).since(checksBefore);
                    Cell a = mean(onCells);
                    Cell b = mean(offCells);
                    out.printf(Locale.ROOT, "| %s | %.0f | %.0f | %.2f | %.2f / %.2f | %.2f / %.2f | %.2f | %.2f | %.3f |%n", endpoint.getKey(),
                            a.rps(), b.rps(), a.rps() / b.rps(), a.p50(), b.p50(), a.p99(), b.p99(), a.p99() - b.p99(),
                            checks.percentileMs(0.99), checks.meanMs());
                }
                out.println();
                out.println("The node's timer is a histogram: its p99 is the upper bound of the bucket holding the 99th percentile.");
            } finally {
                for (Process node : nodes) {
                    node.destroy();
                    if (!node.waitFor(30, TimeUnit.SECONDS)) {
                        node.destroyForcibly();
                    }
                }
            }
        }
    }

    private static Process startNode(Path jar, Path work, String name, int port, RealRedis redis, PostgresDatabase database, boolean filter)
            throws IOException {
        Map<String, String> env = new HashMap<>();
        env.put("MICRONAUT_SERVER_PORT", Integer.toString(port));
        env.put("REDIS_URI", redis.uri());
        env.put("DATASOURCES_DEFAULT_URL", database.jdbcUrl());
        env.put("DATASOURCES_DEFAULT_USERNAME", database.username());
        env.put("DATASOURCES_DEFAULT_PASSWORD", database.password());
        env.put("RATE_LIMITER_ENABLED", Boolean.toString(filter));
        env.put("RATE_LIMITER_DEFAULT_POLICY_LIMITS", "1000000000/1h");
        env.put("RATE_LIMITER_ROUTES_SHORTEN_ALGORITHM", "sliding_window");
        env.put("RATE_LIMITER_ROUTES_SHORTEN_LIMITS", "1000000000/1h");
        String java = ProcessHandle.current().info().command().orElse("java");
        ProcessBuilder builder = new ProcessBuilder(java, "-Xms256m", "-Xmx512m", "-jar", jar.toString())
                .redirectErrorStream(true)
                .redirectOutput(work.resolve(name + ".log").toFile());
        builder.environment().putAll(env);
        return builder.start();
    }

    private static void awaitHealthy(URI node, Process process) throws InterruptedException {
        HttpClient http = HttpClient.newHttpClient();
        long deadline = System.nanoTime() + Duration.ofMinutes(3).toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("the node on " + node + " exited; see loadtest/target/http-benchmark/*.log");
            }
            try {
                if (http.send(HttpRequest.newBuilder(node.resolve("/health")).timeout(Duration.ofSeconds(2)).build(),
                        HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return;
                }
            } catch (IOException e) {
                // Not listening yet.
            }
            TimeUnit.MILLISECONDS.sleep(250);
        }
        throw new IllegalStateException("the node on " + node + " did not become healthy within 3 minutes");
    }

    private static String shorten(URI node) throws IOException, InterruptedException {
        HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(node.resolve("/shorten"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("url=" + URL)).build(), HttpResponse.BodyHandlers.ofString());
        Matcher code = CODE.matcher(response.body());
        if (response.statusCode() != 200 || !code.find()) {
            throw new IllegalStateException("POST /shorten answered " + response.statusCode() + ": " + response.body());
        }
        return code.group(1);
    }

    private static Cell drive(Optional<Wrk> wrk, URI node, String path, Path script, Duration duration) throws Exception {
        if (wrk.isPresent()) {
            Wrk.Result result = wrk.get().run(node.resolve(path).toString(), CONNECTIONS, duration, script);
            if (result.non2xx3xx() > 0) {
                throw new IllegalStateException(result.non2xx3xx() + " answers were not 2xx/3xx from " + node.resolve(path));
            }
            return new Cell(result.requestsPerSecond(), result.p50Ms(), result.p99Ms());
        }
        return jvm(node, path, script != null, duration);
    }

    /** Without wrk: the load test's own client, {@value #CONNECTIONS} keep-alive connections in closed loops. */
    private static Cell jvm(URI node, String path, boolean post, Duration duration) {
        EventLoopGroup loops = Connection.eventLoops(1);
        Map<Integer, Connection> connections = new ConcurrentHashMap<>();
        try {
            InetAddress local = InetAddress.getByName("127.0.0.1");
            Request request = post ? Request.shorten(URL) : Request.get(path);
            ClosedLoop.Result result = ClosedLoop.run(CONNECTIONS, Duration.ofSeconds(1), duration, (caller, n) ->
                    connections.computeIfAbsent(caller, c -> new Connection(loops, local, node, Duration.ofSeconds(10)))
                            .send(request).thenApply(r -> r.status() >= 200 && r.status() < 400));
            if (result.refused() > 0) {
                throw new IllegalStateException(result.refused() + " answers were not 2xx/3xx from " + node.resolve(path));
            }
            return new Cell(result.perSecond(), result.latency().p50(), result.latency().p99());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            connections.values().forEach(Connection::close);
            loops.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
        }
    }

    private static Cell mean(List<Cell> cells) {
        return new Cell(cells.stream().mapToDouble(Cell::rps).average().orElse(0), cells.stream().mapToDouble(Cell::p50).average().orElse(0),
                cells.stream().mapToDouble(Cell::p99).average().orElse(0));
    }
}
