package io.ratelimiter.loadtest.scenario;

import io.ratelimiter.cluster.ClusterStatus;
import io.ratelimiter.loadtest.report.Machine;
import io.ratelimiter.loadtest.report.Report;
import io.ratelimiter.loadtest.report.ScenarioResult;
import java.net.URI;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import picocli.CommandLine;
import picocli.CommandLine.ParameterException;

/**
 * The HTTP load test: runs the scenarios (seed, noisy, many, policy; all by default) against a cluster, writes the
 * report, prints a summary, and exits 1 when a correctness check failed (over-admission above all), 2 on bad options.
 * Without {@code --base-url} it starts the local cluster itself (three nodes behind nginx) and stops it afterwards,
 * or with {@code --cluster=<data dir>} uses the running {@code ./run-cluster} whose status file is there.
 *
 * <p>Run from the repository root: {@code loadtest/run [scenarios] [--quick] [--name=value ...]}; {@code --help} lists
 * every option with its defaults.
 */
public final class LoadTest {

    private LoadTest() {
    }

    public static void main(String[] args) {
        CommandLine line;
        try {
            line = Options.read(args);
        } catch (ParameterException e) {
            System.err.println("loadtest: " + e.getMessage() + "; --help lists every option");
            System.exit(2);
            return;
        }
        if (line.isUsageHelpRequested()) {
            line.usage(System.out);
            return;
        }
        Options options = line.getCommand();
        int failures;
        try {
            failures = run(options, options.reportDir);
        } catch (IllegalArgumentException | IllegalStateException e) {
            System.err.println("loadtest: " + e.getMessage());
            System.exit(2);
            return;
        }
        System.exit(failures == 0 ? 0 : 1);
    }

    /** Runs the scenarios and writes the report; returns the number of correctness failures. */
    static int run(Options options, Path reportDirectory) {
        Optional<String> baseUrl = options.baseUrl();
        LocalClusterProcess cluster = null;
        try {
            URI frontDoor;
            List<URI> nodes;
            List<URI> metrics;
            Optional<String> redisUri = options.redisUri();
            Optional<String> running = options.cluster();
            if (baseUrl.isPresent()) {
                frontDoor = loopback(baseUrl.get());
                nodes = uris(options.nodes());
                List<URI> given = uris(options.metrics());
                metrics = given.isEmpty() ? nodes : given;
            } else {
                ClusterStatus status;
                if (running.isPresent()) {
                    status = runningCluster(Path.of(running.get()));
                } else {
                    int count = options.clusterNodes;
                    System.out.println("loadtest: no --base-url, so starting the local cluster (" + count + " nodes) ...");
                    cluster = LocalClusterProcess.start(Path.of("").toAbsolutePath(), count, Path.of("loadtest/target/cluster"));
                    status = cluster.status();
                }
                frontDoor = loopback(status.frontDoor());
                nodes = status.nodes().stream().map(node -> loopback(node.url())).toList();
                metrics = status.nodes().stream().map(node -> loopback(node.management())).toList();
                redisUri = redisUri.or(() -> Optional.of(status.redis()));
            }
            String prefix = options.keyPrefix;
            try (Run run = new Run(options, frontDoor, nodes, metrics, redisUri.map(uri -> LimiterSide.connect(uri, prefix)))) {
                List<ScenarioResult> results = new ArrayList<>();
                for (String scenario : options.scenarios()) {
                    ScenarioResult result = switch (scenario) {
                        case "seed" -> SeedScenario.run(run);
                        case "noisy" -> NoisyNeighbourScenario.run(run);
                        case "many" -> ManyClientsScenario.run(run);
                        default -> PolicyChangeScenario.run(run);
                    };
                    Report.standardCharts(result);
                    Report.summary(result).forEach(System.out::println);
                    if (scenario.equals("seed")) {
                        Report.perClientLines(result).forEach(System.out::println);
                    }
                    results.add(result);
                }
                Path report = Report.write(reportDirectory, "Load test " + Instant.now(), List.of(
                        "command: `loadtest/run " + options + "`",
                        "front door: " + frontDoor + (cluster != null ? " (local cluster started by the load test)" : ""),
                        "nodes: " + (nodes.isEmpty() ? "not given" : nodes.toString()),
                        "Redis: " + redisUri.orElse("not given (no memory figures, no policy change)"),
                        "machine: " + Machine.describe() + "; the load generator, the nodes, nginx, Redis and PostgreSQL all share it"),
                        results);
                int failures = results.stream().mapToInt(r -> r.failures().size()).sum();
                long over = results.stream().mapToLong(ScenarioResult::overAdmitted).sum();
                System.out.println();
                System.out.println("report: " + report.toAbsolutePath());
                long failedOpen = results.stream().mapToLong(ScenarioResult::failedOpen).sum();
                System.out.println(failures == 0 ? "loadtest: PASSED (over-admission 0, nothing let through undecided)"
                        : "loadtest: FAILED, " + failures + " correctness failure(s); over-admission " + over + ", let through undecided "
                        + failedOpen);
                return failures;
            }
        } finally {
            if (cluster != null) {
                cluster.close();
            }
        }
    }

    /** {@code localhost} may resolve to ::1, which a client bound to 127.x.y.z cannot reach: name IPv4 loopback. */
    /** A comma-separated list of base URLs, each checked to be on this machine. */
    /** The cluster a {@code ./run-cluster} runs with that data directory, from its status file. */
    static ClusterStatus runningCluster(Path dataDirectory) {
        ClusterStatus status = ClusterStatus.read(dataDirectory).orElseThrow(() -> new IllegalArgumentException(
                "no " + ClusterStatus.FILE + " in " + dataDirectory + ": is ./run-cluster running with that data directory?"));
        if (!status.running() || ProcessHandle.of(status.pid()).filter(ProcessHandle::isAlive).isEmpty()) {
            throw new IllegalArgumentException("the local cluster of " + dataDirectory + " is not running (its status file says "
                    + status.state() + ", launcher pid " + status.pid() + ")");
        }
        return status;
    }

    private static List<URI> uris(Optional<String> list) {
        return list.map(text -> Arrays.stream(text.split(",")).map(String::strip)
                .filter(s -> !s.isEmpty()).map(LoadTest::loopback).toList()).orElse(List.of());
    }

    static URI loopback(String url) {
        URI uri = URI.create(url.replaceAll("/+$", ""));
        if (uri.getHost() == null || uri.getScheme() == null || !uri.getScheme().equals("http")) {
            throw new IllegalArgumentException("not an http URL: " + url);
        }
        return uri.getHost().equals("localhost") ? URI.create(uri.toString().replaceFirst("//localhost", "//127.0.0.1")) : uri;
    }
}
