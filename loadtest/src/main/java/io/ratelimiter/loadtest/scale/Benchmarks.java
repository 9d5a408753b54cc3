package io.ratelimiter.loadtest.scale;

import io.ratelimiter.loadtest.bench.CheckBenchmark;
import io.ratelimiter.loadtest.report.Machine;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;

/**
 * Every benchmark of the issue in one command ({@code loadtest/run bench}): what Redis itself does here, what a
 * decision costs Redis beside Spring Cloud Gateway's script, the check
 * benchmark (decisions/s per algorithm beside redis-benchmark on the same script), our check beside Bucket4j's Lettuce
 * backend, the HTTP endpoints with the filter on and off, and how the cost grows with tracked clients. Prints
 * Markdown and writes it to {@code loadtest/target/benchmarks.md}. Figures only: nothing here passes or fails on time.
 *
 * <p>Options ({@code --help} lists them): {@code --quick} (short cells, fewer sizes), {@code --only=redis,peer,...}, and
 * {@code --profile} (record the HTTP benchmark's filter-on node with Java Flight Recorder and print where its CPU went).
 */
@Command(name = "loadtest/run bench", sortOptions = false, usageHelpWidth = 120,
        description = "Every benchmark in one command; prints Markdown and writes it to loadtest/target/benchmarks.md.")
public final class Benchmarks {

    private static final List<String> PARTS = List.of("redis", "peer", "check", "bucket4j", "deny-cache", "http", "growth", "convergence");

    @Option(names = "--quick", description = "short cells, fewer sizes")
    private boolean quick;

    @Option(names = "--profile", description = "record the HTTP benchmark's filter-on node with Java Flight Recorder and print where its CPU went")
    private boolean profile;

    @Option(names = "--only", paramLabel = "PART,...", split = ",", completionCandidates = Parts.class,
            description = {"the parts to run, comma-separated: ${COMPLETION-CANDIDATES}", "default all"})
    private Set<String> only = new LinkedHashSet<>();

    @Option(names = {"-h", "--help"}, usageHelp = true, description = "print this help and exit")
    private boolean help;

    private Benchmarks() {
    }

    /**
     * The benchmarks {@code args} ask for; {@link CommandLine#isUsageHelpRequested()} says whether it was {@code --help}.
     *
     * @throws ParameterException when an option or a part is not understood
     */
    static CommandLine read(String... args) {
        CommandLine line = new CommandLine(new Benchmarks());
        line.parseArgs(args);
        Benchmarks benchmarks = line.getCommand();
        if (benchmarks.only.isEmpty()) {
            benchmarks.only.addAll(PARTS);
        }
        for (String part : benchmarks.only) {
            if (!PARTS.contains(part)) {
                throw new ParameterException(line, "--only: not a part: " + part + " (parts: " + String.join(",", PARTS) + ")");
            }
        }
        return line;
    }

    public static void main(String[] args) throws Exception {
        CommandLine line;
        try {
            line = read(args);
        } catch (ParameterException e) {
            System.err.println("benchmarks: " + e.getMessage() + "; --help lists every option");
            System.exit(2);
            return;
        }
        if (line.isUsageHelpRequested()) {
            line.usage(System.out);
            return;
        }
        Benchmarks benchmarks = line.getCommand();
        benchmarks.run(args);
    }

    private void run(String[] args) throws Exception {
        Duration warmup = Duration.ofSeconds(quick ? 1 : 2);
        Duration measure = Duration.ofSeconds(quick ? 2 : 5);
        ByteArrayOutputStream copy = new ByteArrayOutputStream();
        PrintStream out = new PrintStream(new Tee(System.out, copy), true, StandardCharsets.UTF_8);
        out.println("# Benchmarks " + Instant.now());
        out.println();
        out.println("- command: `loadtest/run bench " + String.join(" ", args) + "`");
        out.println("- machine: " + Machine.describe() + "; shared with other work while measured, so prefer the ratios, "
                + "each measured within one run");
        if (only.contains("redis")) {
            RedisItself.run(out, quick ? 50_000 : 200_000, new int[] {1, 16, 64});
        }
        if (only.contains("peer")) {
            io.ratelimiter.loadtest.bench.PeerScriptBenchmark.run(out, quick ? 100_000 : 300_000, quick ? 1 : 2);
        }
        if (only.contains("check")) {
            out.println();
            out.println("## Check benchmark (io.ratelimiter.loadtest.bench.CheckBenchmark)");
            out.println();
            System.setProperty("bench.seconds", Long.toString(measure.toSeconds()));
            System.setProperty("bench.warmup", Long.toString(warmup.toSeconds()));
            System.setProperty("bench.windows", quick ? "10000" : "100000");
            PrintStream previous = System.out;
            System.setOut(out);
            try {
                CheckBenchmark.main(new String[0]);
            } finally {
                System.setOut(previous);
            }
        }
        if (only.contains("bucket4j")) {
            Bucket4jComparison.run(out, warmup, measure, new int[] {1, 16, 64});
        }
        if (only.contains("deny-cache")) {
            io.ratelimiter.loadtest.bench.DenyCacheEffect.run(out, Duration.ofSeconds(quick ? 3 : 10));
        }
        if (only.contains("http")) {
            HttpFilterBenchmark.run(out, Path.of("").toAbsolutePath(), Duration.ofSeconds(quick ? 2 : 15), Duration.ofSeconds(quick ? 3 : 10),
                    quick ? 1 : 2, profile);
        }
        if (only.contains("growth")) {
            CostGrowth.run(out, quick ? new int[] {1_000, 10_000} : new int[] {1_000, 10_000, 100_000}, warmup, measure);
        }
        if (only.contains("convergence")) {
            io.ratelimiter.loadtest.bench.ConvergenceBenchmark.run(out, quick ? 1 : 2, quick ? 100_000 : 300_000);
        }
        out.flush();
        Path file = Path.of("loadtest/target/benchmarks.md");
        Files.createDirectories(file.getParent());
        Files.writeString(file, copy.toString(StandardCharsets.UTF_8));
        System.out.println();
        System.out.println("written: " + file.toAbsolutePath());
        System.exit(0);
    }

    private static final class Parts implements Iterable<String> {

        @Override
        public Iterator<String> iterator() {
            return PARTS.iterator();
        }
    }

    /** Writes to two streams: the console and the file's copy. */
    private static final class Tee extends OutputStream {
        private final OutputStream first;
        private final OutputStream second;

        Tee(OutputStream first, OutputStream second) {
            this.first = first;
            this.second = second;
        }

        @Override
        public void write(int b) throws java.io.IOException {
            first.write(b);
            second.write(b);
        }

        @Override
        public void write(byte[] b, int off, int len) throws java.io.IOException {
            first.write(b, off, len);
            second.write(b, off, len);
        }

        @Override
        public void flush() throws java.io.IOException {
            first.flush();
            second.flush();
        }
    }
}
