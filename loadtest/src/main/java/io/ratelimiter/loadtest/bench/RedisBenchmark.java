package io.ratelimiter.loadtest.bench;

import io.ratelimiter.realservers.Executables;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Debian's {@code redis-benchmark} (package redis-tools) running one command at a given concurrency: the ceiling a
 * node's decisions/s are measured against.
 */
final class RedisBenchmark {

    /** What redis-benchmark reports for one run. */
    record Result(double requestsPerSecond, double p50Ms, double p99Ms) {
    }

    private final Path executable;

    private RedisBenchmark(Path executable) {
        this.executable = executable;
    }

    /** The redis-benchmark on PATH, if any. */
    static Optional<RedisBenchmark> onPath() {
        return Executables.onPath("redis-benchmark").map(RedisBenchmark::new);
    }

    /** The same, and when there is none a line in the report that says why its figures are missing. */
    static Optional<RedisBenchmark> onPathOrSayWhyNot(PrintStream out) {
        Optional<RedisBenchmark> found = onPath();
        if (found.isEmpty()) {
            out.println("redis-benchmark is not installed (Debian package redis-tools): no figures.");
        }
        return found;
    }

    Result run(String host, int port, int clients, int requests, List<String> command) throws IOException, InterruptedException {
        return run(host, port, clients, requests, command, 0);
    }

    /** With {@code keyspace} above 0, each {@code __rand_int__} in the command is a random number below it, per request. */
    Result run(String host, int port, int clients, int requests, List<String> command, int keyspace)
            throws IOException, InterruptedException {
        List<String> arguments = new ArrayList<>(List.of(executable.toString(), "-h", host, "-p", Integer.toString(port),
                "-c", Integer.toString(clients), "-n", Integer.toString(requests), "--csv"));
        if (keyspace > 0) {
            arguments.addAll(List.of("-r", Integer.toString(keyspace)));
        }
        arguments.addAll(command);
        Process process = new ProcessBuilder(arguments).redirectErrorStream(true).start();
        String output;
        try (InputStream in = process.getInputStream()) {
            output = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        if (!process.waitFor(5, TimeUnit.MINUTES) || process.exitValue() != 0) {
            process.destroyForcibly();
            throw new IOException("redis-benchmark failed: " + output);
        }
        return parse(output);
    }

    /**
     * Reads the {@code --csv} output: a header line, then
     * {@code "test","rps","avg_latency_ms","min_latency_ms","p50_latency_ms","p95_latency_ms","p99_latency_ms","max_latency_ms"}.
     */
    static Result parse(String csv) throws IOException {
        for (String line : csv.split("\\R")) {
            if (line.isBlank() || line.startsWith("\"test\"")) {
                continue;
            }
            String[] cells = line.split("\",\"");
            if (cells.length >= 7) {
                return new Result(number(cells[1]), number(cells[4]), number(cells[6]));
            }
        }
        throw new IOException("no result line in redis-benchmark's output: " + csv);
    }

    private static double number(String cell) {
        return Double.parseDouble(cell.replace("\"", "").trim());
    }
}
