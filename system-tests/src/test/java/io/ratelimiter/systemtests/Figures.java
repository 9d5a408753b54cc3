package io.ratelimiter.systemtests;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Collection;
import java.util.Locale;

/**
 * Figures the suites measure (latency with a fault, time to recover, memory per client) are printed, never
 * asserted as speed: machines differ. Each line goes to the test's output and to target/reliability-figures.txt,
 * which docs/reliability.md quotes.
 */
final class Figures {

    private static final Path FILE = Path.of("target", "reliability-figures.txt");
    private static final Path ANSWERS = Path.of("target", "hostile-input-answers.txt");

    static {
        // Every suite runs in one test JVM: the files hold this run's lines only.
        try {
            Files.deleteIfExists(FILE);
            Files.deleteIfExists(ANSWERS);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private Figures() {
    }

    static synchronized void report(String suite, String figure, String value) {
        String line = String.format(Locale.ROOT, "FIGURE %s | %s | %s", suite, figure, value);
        System.out.println(line);
        append(FILE, line);
    }

    private static void append(Path file, String line) {
        try {
            Files.createDirectories(file.getParent());
            Files.writeString(file, line + System.lineSeparator(), StandardCharsets.UTF_8,
                    StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * What the system answered to one hostile or malformed input, kept in target/hostile-input-answers.txt for
     * docs/reliability.md; the test asserts what is acceptable.
     */
    static synchronized void answer(String suite, String input, Http.Answer answer) {
        String shown = answer.failure() != null ? answer.failure()
                : answer.status() + " " + answer.header("Content-Type").orElse("(no content type)")
                + (answer.header("Location").isPresent() ? " Location: " + answer.header("Location").get() : "");
        append(ANSWERS, suite + " | " + input.replaceAll("\\p{Cntrl}", "?") + " | " + shown);
    }

    /** p50 / p99 / max of the latencies, in milliseconds with two decimals, and how many there were. */
    static String latencies(Collection<Load.Sample> samples) {
        long[] nanos = samples.stream().mapToLong(s -> s.answer().nanos()).sorted().toArray();
        if (nanos.length == 0) {
            return "no requests";
        }
        return String.format(Locale.ROOT, "p50 %s ms, p99 %s ms, max %s ms over %d requests",
                millis(percentile(nanos, 0.50)), millis(percentile(nanos, 0.99)), millis(nanos[nanos.length - 1]),
                nanos.length);
    }

    static long percentile(long[] sortedNanos, double quantile) {
        int index = (int) Math.ceil(quantile * sortedNanos.length) - 1;
        return sortedNanos[Math.max(0, Math.min(sortedNanos.length - 1, index))];
    }

    static long p50(Collection<Load.Sample> samples) {
        return percentile(samples.stream().mapToLong(s -> s.answer().nanos()).sorted().toArray(), 0.50);
    }

    static String millis(long nanos) {
        return String.format(Locale.ROOT, "%.2f", nanos / 1_000_000.0);
    }
}
