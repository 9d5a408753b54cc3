package io.ratelimiter.loadtest.scale;

import io.ratelimiter.realservers.Executables;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Debian's {@code wrk} (package wrk): requests/s and latency percentiles of one endpoint at a fixed concurrency. */
final class Wrk {

    /** What wrk reports for one run. */
    record Result(double requestsPerSecond, double p50Ms, double p99Ms, long non2xx3xx) {
    }

    private static final Pattern RPS = Pattern.compile("Requests/sec:\\s+([0-9.]+)");
    private static final Pattern PERCENTILE = Pattern.compile("^\\s+(50|99)(?:\\.000)?%\\s+([0-9.]+)(us|ms|s)\\s*$", Pattern.MULTILINE);
    private static final Pattern NON_2XX = Pattern.compile("Non-2xx or 3xx responses:\\s+(\\d+)");

    private final Path executable;

    private Wrk(Path executable) {
        this.executable = executable;
    }

    static Optional<Wrk> onPath() {
        return Executables.onPath("wrk").map(Wrk::new);
    }

    /** @param script a Lua script for wrk ({@code -s}), e.g. to POST a form; null for a GET */
    Result run(String url, int connections, Duration duration, Path script) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(executable.toString(), "-t1", "-c" + connections, "-d" + duration.toSeconds() + "s",
                "--latency"));
        if (script != null) {
            command.add("-s");
            command.add(script.toString());
        }
        command.add(url);
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output;
        try (InputStream in = process.getInputStream()) {
            output = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        if (!process.waitFor(duration.toSeconds() + 60, TimeUnit.SECONDS) || process.exitValue() != 0) {
            process.destroyForcibly();
            throw new IOException("wrk failed: " + output);
        }
        return parse(output);
    }

    static Result parse(String output) throws IOException {
        Matcher rps = RPS.matcher(output);
        if (!rps.find()) {
            throw new IOException("no Requests/sec in wrk's output: " + output);
        }
        double p50 = Double.NaN;
        double p99 = Double.NaN;
        Matcher percentile = PERCENTILE.matcher(output);
        while (percentile.find()) {
            double ms = Double.parseDouble(percentile.group(2)) * switch (percentile.group(3)) {
                case "us" -> 0.001;
                case "s" -> 1000;
                default -> 1;
            };
            if (percentile.group(1).equals("50")) {
                p50 = ms;
            } else {
                p99 = ms;
            }
        }
        Matcher non2xx = NON_2XX.matcher(output);
        return new Result(Double.parseDouble(rps.group(1)), p50, p99, non2xx.find() ? Long.parseLong(non2xx.group(1)) : 0);
    }
}
