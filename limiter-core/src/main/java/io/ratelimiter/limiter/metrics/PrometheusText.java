package io.ratelimiter.limiter.metrics;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads a node's meters as its {@code /prometheus} endpoint writes them (the text exposition format), for whoever
 * watches limiter nodes from outside: the console's overview, the load test's view of the check latency.
 */
public final class PrometheusText {

    private static final Pattern SAMPLE = Pattern.compile("^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\\{(.*)})?\\s+(\\S+)(?:\\s+\\S+)?$");
    private static final Pattern LABEL = Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)=\"((?:[^\"\\\\]|\\\\.)*)\"");

    /** One line of the exposition: a series of a meter and its value. */
    public record Sample(String name, Map<String, String> labels, double value) {

        public String label(String label) {
            return labels.get(label);
        }
    }

    private final List<Sample> samples;

    private PrometheusText(List<Sample> samples) {
        this.samples = samples;
    }

    /**
     * The samples of the exposition, comments and blank lines skipped. A value that is no number makes the whole
     * text unreadable ({@link IllegalArgumentException}): a half-read counter would be a wrong one.
     */
    public static PrometheusText parse(String exposition) {
        List<Sample> samples = new ArrayList<>();
        for (String line : exposition.split("\n")) {
            // OpenMetrics may follow a sample with an exemplar (" # {trace_id=...} 1.0"): not part of the value.
            int exemplar = line.indexOf(" # ");
            String trimmed = (exemplar < 0 ? line : line.substring(0, exemplar)).strip();
            if (trimmed.isEmpty() || trimmed.startsWith("#")) {
                continue;
            }
            Matcher sample = SAMPLE.matcher(trimmed);
            if (!sample.matches()) {
                throw new IllegalArgumentException("not a Prometheus sample: " + trimmed);
            }
            samples.add(new Sample(sample.group(1), labels(sample.group(2)), value(sample.group(3))));
        }
        return new PrometheusText(List.copyOf(samples));
    }

    /** Every series of the meter {@code name} (exactly that name: {@code a_total} is not {@code a_total_else}). */
    public List<Sample> samples(String name) {
        return samples.stream().filter(sample -> sample.name().equals(name)).toList();
    }

    /** The values of every series of {@code name} added up; 0 when there is none. */
    public double sum(String name) {
        return samples(name).stream().mapToDouble(Sample::value).sum();
    }

    private static Map<String, String> labels(String text) {
        if (text == null || text.isBlank()) {
            return Map.of();
        }
        Map<String, String> labels = new LinkedHashMap<>();
        Matcher label = LABEL.matcher(text);
        while (label.find()) {
            labels.put(label.group(1), label.group(2).replace("\\\"", "\"").replace("\\n", "\n").replace("\\\\", "\\"));
        }
        return Map.copyOf(labels);
    }

    private static double value(String text) {
        return switch (text) {
            case "+Inf" -> Double.POSITIVE_INFINITY;
            case "-Inf" -> Double.NEGATIVE_INFINITY;
            case "NaN" -> Double.NaN;
            default -> {
                try {
                    yield Double.parseDouble(text);
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException("not a Prometheus value: " + text, e);
                }
            }
        };
    }
}
