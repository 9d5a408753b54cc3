package io.ratelimiter.loadtest.scale;

import io.netty.channel.EventLoopGroup;
import io.ratelimiter.loadtest.http.Connection;
import io.ratelimiter.loadtest.http.Request;
import io.ratelimiter.loadtest.measure.ClosedLoop;
import io.ratelimiter.loadtest.scenario.NodeMetrics;
import io.ratelimiter.realservers.FreePorts;
import io.ratelimiter.realservers.PostgresDatabase;
import io.ratelimiter.realservers.RealPostgres;
import io.ratelimiter.realservers.RealRedis;
import io.ratelimiter.realservers.RealServers;
import io.ratelimiter.realservers.RedisInfo;
import io.ratelimiter.realservers.ServiceProcess;
import io.ratelimiter.realservers.answers.ShortenerAnswers;
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

/**
 * The shortener's redirect ({@code GET /{code}}) and shorten ({@code POST /shorten}, a URL already stored) endpoints
 * with the limiter's filter on and off: two nodes of the same jar on the same Redis and PostgreSQL, driven in turns
 * (on, off, off, on, ...) by wrk (or, without wrk, the JVM client) at the same concurrency, in one run. The "on" node's
 * limits are far above the load, so every request is checked and admitted: what is measured is the check's cost.
 */
final class HttpFilterBenchmark {

    private static final String URL = "https://example.org/benchmark";
    private static final int CONNECTIONS = 16;

    private HttpFilterBenchmark() {
    }

    /** One measured cell: throughput, latency, and the CPU the node and Redis spent per request meanwhile. */
    private record Cell(double rps, double p50, double p99, double nodeCpuMicros, double nodeKernelMicros, double redisCpuMicros) {
    }

    /** A node and its own CPU account: what it costs per request is what this benchmark is after. */
    private record Node(URI uri, ServiceProcess process) {
        Duration cpu() {
            return ProcessHandle.of(process.pid()).flatMap(handle -> handle.info().totalCpuDuration()).orElse(Duration.ZERO);
        }

        /**
         * The part of {@link #cpu()} spent in the kernel (system calls, and the loopback TCP stack, which runs in the
         * sender's time), from /proc/PID/stat in clock ticks of 10 ms; zero where there is no /proc.
         */
        Duration kernelCpu() {
            try {
                String stat = Files.readString(Path.of("/proc", Long.toString(process.pid()), "stat"));
                String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                return Duration.ofMillis(Long.parseLong(fields[12]) * 10);
            } catch (IOException | RuntimeException e) {
                return Duration.ZERO;
            }
        }
    }

    /**
     * @param profile record the filter-on node with Java Flight Recorder while its redirects are measured, and print
     *                where its CPU went
     */
    static void run(PrintStream out, Path repository, Duration warmup, Duration measure, int rounds, boolean profile)
            throws Exception {
        // bench.jar: another build of the shortener (an older commit's, say), measured the same way.
        Path jar = Path.of(System.getProperty("bench.jar", repository.resolve("shortener-api/target/shortener-api.jar").toString()));
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
            List<ServiceProcess> processes = new ArrayList<>();
            try {
                Node on = startNode(jar, work, "filter-on", redis, database, true);
                processes.add(on.process());
                Node off = startNode(jar, work, "filter-off", redis, database, false);
                processes.add(off.process());
                on.process().awaitHealthy(Duration.ofMinutes(3));
                off.process().awaitHealthy(Duration.ofMinutes(3));
                String code = shorten(on.uri());
                Map<String, String[]> endpoints = new LinkedHashMap<>();
                endpoints.put("GET /{code} (redirect)", new String[] {"/" + code, null});
                endpoints.put("POST /shorten (URL already stored)", new String[] {"/shorten", shortenScript.toString()});

                out.println();
                out.println("## HTTP: the shortener with the filter on and off");
                out.println();
                out.printf(Locale.ROOT, "Two nodes of shortener-api.jar (same flags) on one Redis and one PostgreSQL; %s with %d connections, "
                                + "%d s warm-up of every endpoint on both nodes first, then %d rounds of %d s per cell in turns (on/off order alternating); the \"on\" "
                                + "node's limits (10^9 per hour) admit everything, so each request pays one check. The load tool shares "
                                + "the 2 cores with both nodes, Redis and PostgreSQL. CPU per request: the node's own CPU time "
                                + "(user and system) and Redis' (INFO cpu) over the measured seconds, divided by the requests.%n%n",
                        wrk.isPresent() ? "wrk -t1" : "the JVM client (wrk not installed)", CONNECTIONS, warmup.toSeconds(), rounds,
                        measure.toSeconds());
                out.println("| endpoint | filter on req/s | filter off req/s | ratio on/off | p50 on / off ms | p99 on / off ms | added p99 ms "
                        + "| check p99 (node's timer) ms | check mean ms | node CPU µs/request on / off | of it in the kernel on / off | Redis CPU µs/check |");
                out.println("|---|---:|---:|---:|---|---|---:|---:|---:|---|---|---:|");
                // Every endpoint on both nodes before anything is measured: the JIT compiles the code of all of them
                // meanwhile, and would otherwise bill its own CPU to the first cells.
                for (String[] endpoint : endpoints.values()) {
                    Path script = endpoint[1] == null ? null : Path.of(endpoint[1]);
                    load(wrk, on.uri(), endpoint[0], script, warmup);
                    load(wrk, off.uri(), endpoint[0], script, warmup);
                }
                Path recording = work.resolve("filter-on.jfr");
                boolean first = true;
                for (Map.Entry<String, String[]> endpoint : endpoints.entrySet()) {
                    String path = endpoint.getValue()[0];
                    Path script = endpoint.getValue()[1] == null ? null : Path.of(endpoint.getValue()[1]);
                    List<Cell> onCells = new ArrayList<>();
                    List<Cell> offCells = new ArrayList<>();
                    if (profile && first) {
                        jcmd(on, "JFR.start", "name=bench", "settings=profile", "filename=" + recording);
                    }
                    NodeMetrics checksBefore = NodeMetrics.scrape(List.of(on.uri()));
                    for (int round = 0; round < rounds; round++) {
                        boolean onFirst = round % 2 == 0;
                        for (boolean filterOn : onFirst ? new boolean[] {true, false} : new boolean[] {false, true}) {
                            (filterOn ? onCells : offCells).add(drive(wrk, filterOn ? on : off, redis, path, script, measure));
                        }
                    }
                    NodeMetrics checks = NodeMetrics.scrape(List.of(on.uri())).since(checksBefore);
                    if (profile && first) {
                        jcmd(on, "JFR.stop", "name=bench");
                    }
                    first = false;
                    Cell a = mean(onCells);
                    Cell b = mean(offCells);
                    out.printf(Locale.ROOT, "| %s | %.0f | %.0f | %.2f | %.2f / %.2f | %.2f / %.2f | %.2f | %.2f | %.3f | %.0f / %.0f | %.0f / %.0f | %.0f |%n",
                            endpoint.getKey(), a.rps(), b.rps(), a.rps() / b.rps(), a.p50(), b.p50(), a.p99(), b.p99(),
                            a.p99() - b.p99(), checks.percentileMs(0.99), checks.meanMs(), a.nodeCpuMicros(), b.nodeCpuMicros(),
                            a.nodeKernelMicros(), b.nodeKernelMicros(),
                            a.redisCpuMicros());
                }
                out.println();
                out.println("The node's timer is a histogram: its p99 is the upper bound of the bucket holding the 99th percentile.");
                if (profile) {
                    out.println();
                    out.println("### Where the filter-on node's CPU went during its redirects (Java Flight Recorder, profile settings)");
                    out.println();
                    out.println("Recording: `" + recording + "` (" + jar.getFileName() + ").");
                    out.println();
                    TopFrames.print(out, recording, 15);
                }
            } finally {
                processes.forEach(ServiceProcess::stop);
            }
        }
    }

    private static void jcmd(Node node, String... command) throws IOException, InterruptedException {
        List<String> arguments = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "jcmd").toString(),
                Long.toString(node.process().pid())));
        arguments.addAll(List.of(command));
        Process jcmd = new ProcessBuilder(arguments).redirectErrorStream(true).start();
        String output = new String(jcmd.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        if (!jcmd.waitFor(1, TimeUnit.MINUTES) || jcmd.exitValue() != 0) {
            throw new IOException("jcmd " + String.join(" ", command) + " failed: " + output);
        }
    }

    private static Node startNode(Path jar, Path work, String name, RealRedis redis, PostgresDatabase database, boolean filter) {
        int port = FreePorts.next();
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
        // Not the small, C1-only JVM of the local cluster: a production-like JIT, so the figures are the code's.
        URI uri = URI.create("http://127.0.0.1:" + port);
        ServiceProcess process = ServiceProcess.start(name, ServiceProcess.javaCommand(jar, List.of("-Xms256m", "-Xmx512m")), env,
                work.resolve(name + ".log"), uri.resolve("/health"));
        return new Node(uri, process);
    }

    private static String shorten(URI node) throws IOException, InterruptedException {
        HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(node.resolve("/shorten"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("url=" + URL)).build(), HttpResponse.BodyHandlers.ofString());
        return ShortenerAnswers.code(response.body()).filter(code -> response.statusCode() == 200)
                .orElseThrow(() -> new IllegalStateException("POST /shorten answered " + response.statusCode() + ": " + response.body()));
    }

    private static Cell drive(Optional<Wrk> wrk, Node node, RealRedis redis, String path, Path script, Duration duration)
            throws Exception {
        Duration nodeCpu = node.cpu();
        Duration nodeKernel = node.kernelCpu();
        double redisCpu = redisCpuSeconds(redis);
        Cell cell = load(wrk, node.uri(), path, script, duration);
        double requests = cell.rps() * duration.toNanos() / 1e9;
        return new Cell(cell.rps(), cell.p50(), cell.p99(), node.cpu().minus(nodeCpu).toNanos() / 1e3 / requests,
                node.kernelCpu().minus(nodeKernel).toNanos() / 1e3 / requests, (redisCpuSeconds(redis) - redisCpu) * 1e6 / requests);
    }

    private static Cell load(Optional<Wrk> wrk, URI node, String path, Path script, Duration duration) throws Exception {
        if (wrk.isPresent()) {
            Wrk.Result result = wrk.get().run(node.resolve(path).toString(), CONNECTIONS, duration, script);
            if (result.non2xx3xx() > 0) {
                throw new IllegalStateException(result.non2xx3xx() + " answers were not 2xx/3xx from " + node.resolve(path));
            }
            return new Cell(result.requestsPerSecond(), result.p50Ms(), result.p99Ms(), 0, 0, 0);
        }
        return jvm(node, path, script != null, duration);
    }

    /** User and system CPU seconds Redis has used since it started. */
    private static double redisCpuSeconds(RealRedis redis) {
        RedisInfo cpu = redis.info("cpu");
        return cpu.decimal("used_cpu_sys") + cpu.decimal("used_cpu_user");
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
            return new Cell(result.perSecond(), result.latency().p50(), result.latency().p99(), 0, 0, 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            connections.values().forEach(Connection::close);
            loops.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
        }
    }

    private static Cell mean(List<Cell> cells) {
        return new Cell(cells.stream().mapToDouble(Cell::rps).average().orElse(0), cells.stream().mapToDouble(Cell::p50).average().orElse(0),
                cells.stream().mapToDouble(Cell::p99).average().orElse(0), cells.stream().mapToDouble(Cell::nodeCpuMicros).average().orElse(0),
                cells.stream().mapToDouble(Cell::nodeKernelMicros).average().orElse(0), cells.stream().mapToDouble(Cell::redisCpuMicros).average().orElse(0));
    }
}
