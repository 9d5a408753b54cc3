package io.ratelimiter.loadtest.report;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.ToLongFunction;
import java.util.stream.Collectors;

/**
 * What one scenario did: every exchange, the accounts made of them, and what the scenario adds (its own findings,
 * tables, charts). Failures are correctness failures only (over-admission, a client denied what it was owed, a stale
 * policy): the load test exits non-zero when there is any. Latency and throughput are figures, never failures.
 */
public final class ScenarioResult {

    private final String name;
    private final String title;
    private final String description;
    private final long startNanos;
    private final long endNanos;
    private final List<Exchange> exchanges;
    private final List<ClientAccount> accounts;
    private final List<String> failures = new ArrayList<>();
    private final List<String> findings = new ArrayList<>();
    private final List<String> sections = new ArrayList<>();
    private final Map<String, String> charts = new LinkedHashMap<>();

    public ScenarioResult(String name, String title, String description, long startNanos, long endNanos,
                          List<Exchange> exchanges, ToLongFunction<Quota> bound) {
        this.name = name;
        this.title = title;
        this.description = description;
        this.startNanos = startNanos;
        this.endNanos = endNanos;
        this.exchanges = List.copyOf(exchanges);
        this.accounts = Accounting.accounts(this.exchanges, bound);
        long unenforced = failedOpen();
        if (unenforced > 0) {
            failures.add(String.format("%d requests were let through without a decision (no RateLimit headers: the node failed open "
                    + "because Redis did not answer within its timeout, or its circuit breaker was open): the limit was not enforced "
                    + "for them", unenforced));
        }
        long over = overAdmitted();
        if (over > 0) {
            accounts.stream().filter(a -> a.overAdmitted() > 0).limit(5).forEach(a -> failures.add(String.format(
                    "over-admission: client %s got %d requests through in one window of %s (at most %d allowed): %s",
                    a.client(), a.mostCertainlyInOneWindow(), a.quota(), a.bound(), timeline(a.densestWindow()))));
        }
    }

    /**
     * The admitted requests of an over-admission as the client saw them, so a failure says what happened: for each,
     * ms after the first was sent until it was sent and answered, the node, and the limiter's RateLimit header.
     */
    private static String timeline(List<Exchange> admitted) {
        long first = admitted.get(0).response().sentNanos();
        return admitted.stream().map(e -> String.format(Locale.ROOT, "+%.1f..%.1f ms %s [%s]",
                        (e.response().sentNanos() - first) / 1e6, (e.response().receivedNanos() - first) / 1e6, e.target(),
                        e.response().rateLimit()))
                .collect(Collectors.joining("; "));
    }

    public void fail(String failure) {
        failures.add(failure);
    }

    /** A one-line result, shown on the console and at the top of the scenario's section. */
    public void finding(String line) {
        findings.add(line);
    }

    /** A block of Markdown of the scenario's own (a table, a paragraph). */
    public void section(String markdown) {
        sections.add(markdown);
    }

    /** An SVG chart, written beside the report as {@code <scenario>-<name>.svg}. */
    public void chart(String chartName, String svg) {
        charts.put(name + "-" + chartName + ".svg", svg);
    }

    /** Admitted answers that carry no policy: the limiter did not decide them (fail-open). */
    public long failedOpen() {
        return exchanges.stream().filter(e -> e.admitted() && e.response().policy().isEmpty()).count();
    }

    public long overAdmitted() {
        return accounts.stream().mapToLong(ClientAccount::overAdmitted).sum();
    }

    public String name() {
        return name;
    }

    public String title() {
        return title;
    }

    public String description() {
        return description;
    }

    public long startNanos() {
        return startNanos;
    }

    public long endNanos() {
        return endNanos;
    }

    public List<Exchange> exchanges() {
        return exchanges;
    }

    public List<ClientAccount> accounts() {
        return accounts;
    }

    public List<String> failures() {
        return Collections.unmodifiableList(failures);
    }

    public List<String> findings() {
        return Collections.unmodifiableList(findings);
    }

    public List<String> sections() {
        return Collections.unmodifiableList(sections);
    }

    public Map<String, String> charts() {
        return Collections.unmodifiableMap(charts);
    }
}
