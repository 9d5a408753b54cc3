package io.ratelimiter.admin.windows;

import static org.assertj.core.api.Assertions.assertThat;

import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.micronaut.test.support.TestPropertyProvider;
import io.ratelimiter.admin.ConsoleClient;
import io.ratelimiter.admin.ShortenerNode;
import io.ratelimiter.admin.TestConsole;
import io.ratelimiter.limiter.admin.RateLimiterAdmin;
import io.ratelimiter.limiter.policy.Algorithm;
import io.ratelimiter.limiter.policy.ClientRule;
import io.ratelimiter.limiter.policy.Limit;
import io.ratelimiter.limiter.policy.Policy;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

@MicronautTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DashboardTest implements TestPropertyProvider {

    private static final Pattern ROW = Pattern.compile("data-identity=\"([^\"]+)\"");

    @Inject
    EmbeddedServer server;

    @Inject
    RateLimiterAdmin admin;

    private final ShortenerNode node = ShortenerNode.shared();

    @Override
    public Map<String, String> getProperties() {
        return TestConsole.properties(ShortenerNode.KEY_PREFIX);
    }

    private ConsoleClient operator() {
        return new ConsoleClient(server.getURI()).signedIn();
    }

    @Test
    void aClientsWindowIsShownWithItsUseAndReset() {
        for (int i = 0; i < 3; i++) {
            assertThat(node.shortenAs("198.51.100.10")).isEqualTo(200);
        }

        ConsoleClient.Response page = operator().get("/?q=198.51.100.10");

        assertThat(page.status()).isEqualTo(200);
        assertThat(identities(page.body())).containsExactly("198.51.100.10");
        String row = row(page.body(), "198.51.100.10");
        assertThat(row).contains("<td>default</td>").contains("sliding_window")
                .contains("<td class=\"num used\">3</td>").contains("<td class=\"num limit\">100</td>")
                .containsPattern("in \\d+ s").contains("just now");
    }

    @Test
    void theLiveFragmentIsATableThatPollsItselfEverySecond() {
        node.shortenAs("198.51.100.11");

        ConsoleClient.Response fragment = operator().htmx("/windows/live?q=198.51.100.11");

        assertThat(fragment.status()).isEqualTo(200);
        assertThat(fragment.body()).doesNotContain("<html").startsWith("<section id=\"live\"")
                .contains("hx-trigger=\"every 1s\"").contains("hx-get=\"/windows/live?order=recent&amp;q=198.51.100.11\"");
        assertThat(identities(fragment.body())).containsExactly("198.51.100.11");
    }

    @Test
    void theFragmentCountsUpAsTheClientSendsMore() {
        ConsoleClient operator = operator();
        node.shortenAs("198.51.100.12");
        assertThat(row(operator.htmx("/windows/live?q=198.51.100.12").body(), "198.51.100.12"))
                .contains("<td class=\"num used\">1</td>");

        node.shortenAs("198.51.100.12");

        assertThat(row(operator.htmx("/windows/live?q=198.51.100.12").body(), "198.51.100.12"))
                .contains("<td class=\"num used\">2</td>");
    }

    @Test
    void theMostUsedClientsComeFirst() {
        admin.setClientRule(ClientRule.limit("198.51.103.1",
                Policy.of("tight", Algorithm.FIXED_WINDOW, Limit.of(2, Duration.ofMinutes(5)))));
        node.shortenAs("198.51.103.1");
        node.shortenAs("198.51.103.1");
        node.shortenAs("198.51.103.2");

        String body = operator().get("/?order=used").body();

        List<String> rows = identities(body);
        assertThat(rows).contains("198.51.103.1");
        assertThat(row(body, rows.get(0))).contains("exhausted");
        if (rows.contains("198.51.103.2")) {
            assertThat(rows.indexOf("198.51.103.1")).isLessThan(rows.indexOf("198.51.103.2"));
        }
    }

    @Test
    void theMostRecentlySeenClientComesFirstWhenAsked() {
        node.shortenAs("198.51.100.13");
        node.shortenAs("198.51.100.14");

        List<String> rows = identities(operator().get("/?order=recent").body());

        assertThat(rows).contains("198.51.100.14", "198.51.100.13");
        assertThat(rows.indexOf("198.51.100.14")).isLessThan(rows.indexOf("198.51.100.13"));
    }

    @Test
    void manyClientsAreFoundByPrefixAndPagedThrough() {
        for (int i = 1; i <= 30; i++) {
            node.shortenAs("198.51.102." + i);
        }
        ConsoleClient operator = operator();

        ConsoleClient.Response first = operator.get("/?q=198.51.102.");
        ConsoleClient.Response second = operator.get("/?q=198.51.102.&page=1");

        assertThat(identities(first.body())).hasSize(25).allMatch(id -> id.startsWith("198.51.102."));
        assertThat(first.body()).contains("href=\"/?order=recent&amp;q=198.51.102.&amp;page=1\"");
        assertThat(identities(second.body())).hasSize(5).allMatch(id -> id.startsWith("198.51.102."));
        assertThat(second.body()).doesNotContain("next &rarr;").doesNotContain("next →");
        List<String> all = new ArrayList<>(identities(first.body()));
        all.addAll(identities(second.body()));
        assertThat(all).doesNotHaveDuplicates();
    }

    @Test
    void aPrefixNoClientHasSaysSo() {
        ConsoleClient.Response page = operator().get("/?q=192.0.2.250");

        assertThat(identities(page.body())).isEmpty();
        assertThat(page.body()).contains("No client starting with 192.0.2.250 has a window right now.");
    }

    @Test
    void trafficFiguresAreShownAboveTheTable() {
        String body = operator().get("/").body();

        assertThat(body).contains("allowed / s").contains("denied / s").contains("tracked windows");
    }

    static List<String> identities(String html) {
        List<String> identities = new ArrayList<>();
        Matcher matcher = ROW.matcher(html);
        while (matcher.find()) {
            identities.add(matcher.group(1));
        }
        return identities;
    }

    static String row(String html, String identity) {
        int start = html.indexOf("data-identity=\"" + identity + "\"");
        assertThat(start).as("row of " + identity).isNotNegative();
        int rowStart = html.lastIndexOf("<tr", start);
        return html.substring(rowStart, html.indexOf("</tr>", start));
    }
}
