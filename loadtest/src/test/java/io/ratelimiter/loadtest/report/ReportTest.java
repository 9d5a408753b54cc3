package io.ratelimiter.loadtest.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The report a run leaves: Markdown with the figures, charts beside it, a console summary. */
class ReportTest {

    private static final long SECOND = 1_000_000_000L;

    @Test
    void aRunIsWrittenAsMarkdownWithItsChartsBesideIt(@TempDir Path directory) throws Exception {
        ScenarioResult result = result(10);
        result.finding("every client got exactly its limit");
        Report.standardCharts(result);

        Path report = Report.write(directory, "Load test", List.of("machine: test"), List.of(result));

        String md = Files.readString(report);
        assertThat(md).contains("# Load test", "- machine: test", "## Seed", "every client got exactly its limit",
                "| 127.16.0.2 | shorten 10/60s | 10 | 10 / 5 |", "over-admission: **0**", "| pass |",
                "![seed-throughput.svg](seed-throughput.svg)");
        assertThat(Files.readString(directory.resolve("seed-throughput.svg"))).startsWith("<svg").endsWith("</svg>\n");
        assertThat(Files.readString(directory.resolve("seed-admitted-per-window.svg"))).contains("limit 10");
    }

    @Test
    void overAdmissionFailsTheScenarioAndIsNamedInTheSummary() {
        ScenarioResult result = result(12);

        assertThat(result.overAdmitted()).isEqualTo(2);
        // The failure shows each admitted request of the window: when it was sent and answered, by whom, and what the
        // limiter said of it, so a failure in CI explains itself.
        assertThat(result.failures()).singleElement().asString().contains("127.16.0.2", "12 requests",
                "+0.0..2.0 ms node []", "+11000.0..11002.0 ms node []");
        assertThat(Report.summary(result)).anySatisfy(line -> assertThat(line).startsWith("  FAILED: over-admission"));
    }

    @Test
    void requestsLetThroughWithoutADecisionFailTheScenario() {
        List<Exchange> answers = new ArrayList<>(result(10).exchanges());
        answers.add(AccountingTest.answer("127.16.0.2", 30 * SECOND, 200, ""));

        ScenarioResult result = new ScenarioResult("noisy", "Noisy", "A test run.", 0, 62 * SECOND, answers, q -> q.quota());

        assertThat(result.overAdmitted()).isZero();
        assertThat(result.failedOpen()).isEqualTo(1);
        assertThat(result.failures()).singleElement().asString().contains("1 requests were let through without a decision");
    }

    private static ScenarioResult result(int admitted) {
        List<Exchange> answers = new ArrayList<>();
        for (int i = 0; i < admitted + 5; i++) {
            answers.add(AccountingTest.answer("127.16.0.2", i * SECOND, i < admitted ? 200 : 429, "\"shorten\";q=10;w=60"));
        }
        answers.add(AccountingTest.answer("127.16.0.2", 61 * SECOND, 429, "\"shorten\";q=10;w=60"));
        return new ScenarioResult("seed", "Seed", "A test run.", 0, 62 * SECOND, answers, q -> q.quota());
    }
}
