package io.ratelimiter.admin.overview;

import static org.assertj.core.api.Assertions.assertThat;

import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.micronaut.test.support.TestPropertyProvider;
import io.ratelimiter.admin.ConsoleClient;
import io.ratelimiter.admin.ShortenerNode;
import io.ratelimiter.admin.TestConsole;
import io.ratelimiter.limiter.admin.RateLimiterAdmin;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

@MicronautTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class OverviewTest implements TestPropertyProvider {

    @Inject
    EmbeddedServer server;

    @Inject
    RateLimiterAdmin admin;

    private final ShortenerNode node = ShortenerNode.shared();

    @Override
    public Map<String, String> getProperties() {
        Map<String, String> properties = new HashMap<>(TestConsole.properties(ShortenerNode.KEY_PREFIX));
        properties.put("admin.nodes", node.uri() + ",http://127.0.0.1:9");
        return properties;
    }

    @Test
    void theOverviewShowsDecisionsRedisAndEachNodesHealthAndFailOpenCount() {
        node.shortenAs("192.0.2.40");

        ConsoleClient.Response page = new ConsoleClient(server.getURI()).signedIn().get("/overview");

        assertThat(page.status()).isEqualTo(200);
        assertThat(page.body()).contains("allowed / s").contains("Redis").containsPattern("up, answered in \\d+ (µs|ms)")
                .contains(node.uri().toString()).contains(">up<").contains("http://127.0.0.1:9")
                .contains("unreachable");
    }

    @Test
    void theOverviewChartsEverySecondTheLimiterReportsAsThreeCurves() {
        node.shortenAs("192.0.2.41");
        int seconds = admin.overview().seconds().size();

        String page = new ConsoleClient(server.getURI()).signedIn().get("/overview").body();

        Matcher lines = Pattern.compile("<polyline[^>]*>").matcher(page);
        List<String> series = new ArrayList<>();
        while (lines.find()) {
            String line = lines.group();
            String name = attribute(line, "class").replace("series ", "");
            series.add(name);
            assertThat(attribute(line, "points").split(" ")).as(name).hasSize(seconds);
        }
        assertThat(series).containsExactly("allowed", "denied", "shadow");
        assertThat(page).contains("role=\"img\"").contains("The figures, second by second");
    }

    private static String attribute(String element, String name) {
        Matcher value = Pattern.compile(" " + name + "=\"([^\"]*)\"").matcher(element);
        return value.find() ? value.group(1) : "";
    }

    @Test
    void theOverviewFragmentPollsItself() {
        ConsoleClient.Response fragment = new ConsoleClient(server.getURI()).signedIn().htmx("/overview/live");

        assertThat(fragment.status()).isEqualTo(200);
        assertThat(fragment.body()).startsWith("<section id=\"overview\"").contains("hx-trigger=\"every 2s\"")
                .doesNotContain("<html");
    }

    @Test
    void theFailOpenCounterIsSummedOverItsSeries() {
        String exposition = """
                # HELP ratelimiter_fail_open_total
                # TYPE ratelimiter_fail_open_total counter
                ratelimiter_fail_open_total{route="POST /shorten"} 3.0
                ratelimiter_fail_open_total{route="GET /{code}"} 4.0
                ratelimiter_fail_open_totally_else 100.0
                """;

        assertThat(NodeProbe.failOpen(exposition)).isEqualTo(7);
    }
}
