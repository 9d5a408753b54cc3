package io.ratelimiter.loadtest.report;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.IntSummaryStatistics;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The run's report: {@code report.md} with, per scenario, what was asked and what came back (admitted and denied per
 * client per window against the limit, the over-admission proof, latency of admitted and denied answers, throughput),
 * the scenario's own findings, and SVG charts written beside it. Also the short console summary.
 */
public final class Report {

    /** Above this many clients a scenario's per-window table becomes a summary of the distribution. */
    static final int CLIENTS_IN_TABLE = 40;

    private Report() {
    }

    /** Writes {@code report.md} and the charts into {@code directory}; returns the report's path. */
    public static Path write(Path directory, String heading, List<String> context, List<ScenarioResult> results) {
        StringBuilder md = new StringBuilder("# ").append(heading).append("\n\n");
        context.forEach(line -> md.append("- ").append(line).append('\n'));
        md.append("\n| scenario | requests | admitted | denied | failed | req/s | over-admitted | failed open | result |\n")
                .append("|---|---:|---:|---:|---:|---:|---:|---:|---|\n");
        for (ScenarioResult r : results) {
            Totals t = Totals.of(r);
            md.append(String.format(Locale.ROOT, "| [%s](#%s) | %d | %d | %d | %d | %.0f | %d | %d | %s |%n", r.name(), anchor(r.title()),
                    t.requests, t.admitted, t.denied, t.failed, t.perSecond, r.overAdmitted(), r.failedOpen(),
                    r.failures().isEmpty() ? "pass" : "**FAIL**"));
        }
        md.append('\n');
        try {
            Files.createDirectories(directory);
            for (ScenarioResult r : results) {
                section(md, r);
                for (Map.Entry<String, String> chart : r.charts().entrySet()) {
                    Files.writeString(directory.resolve(chart.getKey()), chart.getValue());
                }
            }
            Path report = directory.resolve("report.md");
            Files.writeString(report, md);
            return report;
        } catch (IOException e) {
            throw new UncheckedIOException("could not write the report into " + directory, e);
        }
    }

    /** A few lines per scenario for the console. */
    public static List<String> summary(ScenarioResult r) {
        Totals t = Totals.of(r);
        List<String> lines = new ArrayList<>();
        lines.add(String.format(Locale.ROOT, "%s: %d requests in %.0f s (%.0f/s): %d admitted, %d denied, %d failed; over-admitted: %d; "
                        + "let through undecided (fail-open): %d", r.name(), t.requests, t.seconds, t.perSecond, t.admitted, t.denied, t.failed,
                r.overAdmitted(), r.failedOpen()));
        lines.add("  latency admitted " + brief(Percentiles.of(r.exchanges().stream().filter(Exchange::admitted).toList()))
                + "; denied " + brief(Percentiles.of(r.exchanges().stream().filter(Exchange::denied).toList())));
        r.findings().forEach(f -> lines.add("  " + f));
        r.failures().forEach(f -> lines.add("  FAILED: " + f));
        return lines;
    }

    /** Per client: admitted in each complete window, e.g. {@code 127.16.0.2 10 10}, for the console. */
    public static List<String> perClientLines(ScenarioResult r) {
        return r.accounts().stream().map(a -> String.format(Locale.ROOT, "  %-15s %-22s admitted per window: %s", a.client(),
                a.quota(), a.windows().stream().map(w -> w.admitted() + (w.complete() ? "" : "*")).collect(Collectors.joining(" "))))
                .toList();
    }

    /** Answers per second over the run (admitted, denied, failed), and admitted per window per client against the limit. */
    public static void standardCharts(ScenarioResult r) {
        int seconds = (int) Math.max(1, Math.ceil((r.endNanos() - r.startNanos()) / 1e9));
        double[] x = new double[seconds + 1];
        double[] admitted = new double[seconds + 1];
        double[] denied = new double[seconds + 1];
        double[] failed = new double[seconds + 1];
        for (int i = 0; i <= seconds; i++) {
            x[i] = i;
        }
        for (Exchange e : r.exchanges()) {
            int second = (int) Math.max(0, Math.min(seconds, (e.response().receivedNanos() - r.startNanos()) / 1_000_000_000L));
            (e.admitted() ? admitted : e.denied() ? denied : failed)[second]++;
        }
        r.chart("throughput", Chart.lines(r.name() + ": answers per second", "seconds into the scenario", "answers/s",
                List.of(new Chart.Series("admitted", x, admitted), new Chart.Series("denied (429)", x, denied),
                        new Chart.Series("failed", x, failed)), Double.NaN, ""));
        List<ClientAccount> shown = r.accounts().stream().limit(CLIENTS_IN_TABLE).toList();
        if (shown.isEmpty()) {
            return;
        }
        int columns = shown.stream().mapToInt(a -> a.windows().size()).max().orElse(0);
        List<Chart.Series> series = new ArrayList<>();
        for (int w = 0; w < Math.min(columns, 4); w++) {
            int window = w;
            series.add(new Chart.Series("window " + (w + 1), new double[0], shown.stream()
                    .mapToDouble(a -> window < a.windows().size() ? a.windows().get(window).admitted() : 0).toArray()));
        }
        long bound = shown.get(0).bound();
        boolean oneBound = shown.stream().allMatch(a -> a.bound() == bound);
        r.chart("admitted-per-window", Chart.bars(r.name() + ": admitted per client per window", "admitted",
                shown.stream().map(ClientAccount::client).toList(), series, oneBound ? bound : Double.NaN, "limit " + bound));
    }

    private static void section(StringBuilder md, ScenarioResult r) {
        Totals t = Totals.of(r);
        md.append("## ").append(r.title()).append("\n\n").append(r.description()).append("\n\n");
        if (!r.failures().isEmpty()) {
            md.append("**Failed:**\n\n");
            r.failures().forEach(f -> md.append("- ").append(f).append('\n'));
            md.append('\n');
        }
        r.findings().forEach(f -> md.append("- ").append(f).append('\n'));
        md.append(String.format(Locale.ROOT, "- %d requests in %.1f s: %.0f requests/s, %.1f admitted/s; %d admitted, %d denied, %d failed%n",
                t.requests, t.seconds, t.perSecond, t.admitted / Math.max(0.001, t.seconds), t.admitted, t.denied, t.failed));
        md.append(String.format(Locale.ROOT, "- over-admission: **%d** requests beyond the limit in any window (proved from send and answer times)%n",
                r.overAdmitted()));
        md.append(String.format(Locale.ROOT, "- let through without a decision (fail-open, no RateLimit headers): **%d**%n%n", r.failedOpen()));

        md.append("### Latency\n\n").append(Percentiles.header("requests")).append('\n');
        Map<String, List<Exchange>> phases = r.exchanges().stream()
                .collect(Collectors.groupingBy(Exchange::phase, LinkedHashMap::new, Collectors.toList()));
        for (Map.Entry<String, List<Exchange>> phase : phases.entrySet()) {
            String label = phase.getKey().isEmpty() ? "" : phase.getKey() + ", ";
            md.append(Percentiles.of(phase.getValue().stream().filter(Exchange::admitted).toList()).row(label + "admitted")).append('\n');
            md.append(Percentiles.of(phase.getValue().stream().filter(Exchange::denied).toList()).row(label + "denied")).append('\n');
        }
        md.append('\n');
        r.sections().forEach(s -> md.append(s).append("\n\n"));
        windows(md, r);
        r.charts().keySet().forEach(file -> md.append("![").append(file).append("](").append(file).append(")\n\n"));
        List<Exchange> failed = r.exchanges().stream().filter(Exchange::failed).toList();
        if (!failed.isEmpty()) {
            md.append("Failed requests by reason:\n\n");
            failed.stream().collect(Collectors.groupingBy(e -> e.response().status() == 0 ? e.response().error() : "HTTP " + e.response().status(),
                    LinkedHashMap::new, Collectors.counting())).forEach((why, count) -> md.append("- ").append(count).append(" × ")
                    .append(why).append('\n'));
            md.append('\n');
        }
    }

    private static void windows(StringBuilder md, ScenarioResult r) {
        List<ClientAccount> accounts = r.accounts();
        if (accounts.isEmpty()) {
            return;
        }
        md.append("### Admitted per client per window\n\n");
        long clients = accounts.stream().map(ClientAccount::client).distinct().count();
        if (clients <= CLIENTS_IN_TABLE) {
            int columns = accounts.stream().mapToInt(a -> a.windows().size()).max().orElse(0);
            md.append("Each cell: admitted / denied in that window of the limit, `*` a window the run ended inside. "
                    + "\"most in one window\": admitted requests that certainly fell into one window.\n\n");
            md.append("| client | limit | may admit per window |");
            for (int w = 1; w <= columns; w++) {
                md.append(" window ").append(w).append(" |");
            }
            md.append(" most in one window |\n|---|---|---:|").append("---:|".repeat(columns)).append("---:|\n");
            for (ClientAccount a : accounts) {
                md.append("| ").append(a.client()).append(" | ").append(a.quota()).append(" | ").append(a.bound()).append(" |");
                for (int w = 0; w < columns; w++) {
                    if (w < a.windows().size()) {
                        ClientAccount.Window window = a.windows().get(w);
                        md.append(' ').append(window.admitted()).append(" / ").append(window.denied()).append(window.complete() ? "" : " *").append(" |");
                    } else {
                        md.append(" |");
                    }
                }
                md.append(' ').append(a.mostCertainlyInOneWindow()).append(" |\n");
            }
        } else {
            md.append(clients).append(" clients; per limit, admitted per window over all clients:\n\n")
                    .append("| limit | accounts | complete windows | admitted per complete window (min / mean / max) | partial windows, max admitted | most in one window, max |\n")
                    .append("|---|---:|---:|---|---:|---:|\n");
            accounts.stream().collect(Collectors.groupingBy(a -> a.quota().toString(), LinkedHashMap::new, Collectors.toList()))
                    .forEach((quota, group) -> {
                        IntSummaryStatistics complete = group.stream().flatMap(a -> a.completeWindows().stream())
                                .mapToInt(ClientAccount.Window::admitted).summaryStatistics();
                        int partialMax = group.stream().flatMap(a -> a.windows().stream()).filter(w -> !w.complete())
                                .mapToInt(ClientAccount.Window::admitted).max().orElse(0);
                        md.append(String.format(Locale.ROOT, "| %s | %d | %d | %s | %d | %d |%n", quota, group.size(), complete.getCount(),
                                complete.getCount() == 0 ? "-" : complete.getMin() + " / " + String.format(Locale.ROOT, "%.1f", complete.getAverage())
                                        + " / " + complete.getMax(),
                                partialMax, group.stream().mapToInt(ClientAccount::mostCertainlyInOneWindow).max().orElse(0)));
                    });
        }
        md.append('\n');
    }

    private static String brief(Percentiles p) {
        return p.count() == 0 ? "-" : String.format(Locale.ROOT, "p50 %.1f / p99 %.1f ms", p.p50(), p.p99());
    }

    static String anchor(String title) {
        return title.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9 -]", "").replace(' ', '-');
    }

    /** The counts every scenario reports. */
    record Totals(int requests, int admitted, int denied, int failed, double seconds, double perSecond) {
        static Totals of(ScenarioResult r) {
            Collection<Exchange> all = r.exchanges();
            double seconds = Math.max(0.001, (r.endNanos() - r.startNanos()) / 1e9);
            int admitted = (int) all.stream().filter(Exchange::admitted).count();
            int denied = (int) all.stream().filter(Exchange::denied).count();
            return new Totals(all.size(), admitted, denied, all.size() - admitted - denied, seconds, all.size() / seconds);
        }
    }
}
