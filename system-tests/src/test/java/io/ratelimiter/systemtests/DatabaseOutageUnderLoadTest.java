package io.ratelimiter.systemtests;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.ratelimiter.realservers.PostgresDatabase;
import io.ratelimiter.realservers.RealPostgres;
import io.ratelimiter.realservers.RealServers;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * PostgreSQL stopped under load of shortens and redirects on two nodes, then started again. While it is away both
 * answer 503 problem+json quickly and the limiter keeps counting; when it is back the nodes serve again by
 * themselves; and every code that was acknowledged with a 200, before, during or after the outage, is in the
 * database and redirects to its URL. Nothing is stored that was not asked for, nothing twice.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DatabaseOutageUnderLoadTest {

    private static final String SUITE = "postgres-outage";
    /** The shortener's datasources.default.connection-timeout: the longest a request waits for a connection. */
    private static final Duration CONNECTION_TIMEOUT = Duration.ofSeconds(2);
    private static final Duration SLACK = Duration.ofSeconds(2);

    private RealPostgres postgres;
    private PostgresDatabase database;
    private final List<ShortenerNode> nodes = new ArrayList<>();
    private final Map<String, String> acknowledged = new ConcurrentHashMap<>();
    private final List<String> acknowledgedCodes = new CopyOnWriteArrayList<>();
    private final Set<String> submitted = ConcurrentHashMap.newKeySet();

    @BeforeAll
    void start() {
        postgres = RealServers.newPostgres();
        database = postgres.createDatabase("postgres_outage");
        Map<String, Object> properties = ShortenerNode.properties(RealServers.redis().uri(), database,
                ShortenerNode.uniquePrefix(SUITE));
        nodes.add(ShortenerNode.start(properties));
        nodes.add(ShortenerNode.start(properties));
    }

    @AfterAll
    void stop() {
        nodes.forEach(ShortenerNode::close);
        postgres.close();
    }

    @Test
    void shortenAndRedirectAnswer503WhileTheDatabaseIsAwayAndEveryAcknowledgedLinkSurvives() throws SQLException {
        long stopped;
        long restarted;
        long recovered;
        int acknowledgedBefore;
        Http.Answer health;
        // The redirect clients follow acknowledged links: one exists before they start.
        String firstUrl = "https://example.org/durable/first";
        submitted.add(firstUrl);
        Http.Answer first = Http.shortenForm(nodes.get(0).uri(), firstUrl);
        assertThat(first.status()).isEqualTo(200);
        acknowledge(first, firstUrl);
        try (Load load = Load.of(new Load.Clients("shorten", 4, this::shorten),
                new Load.Clients("redirect", 4, this::redirect))) {
            await().atMost(Duration.ofSeconds(30)).until(() -> acknowledged.size() >= 200);

            acknowledgedBefore = acknowledged.size();
            stopped = System.nanoTime();
            postgres.stop();
            long steady = stopped + CONNECTION_TIMEOUT.plusMillis(500).toNanos();
            await().atMost(Duration.ofSeconds(30)).until(() ->
                    load.sent("shorten", steady, Long.MAX_VALUE).size() >= 8
                            && load.sent("redirect", steady, Long.MAX_VALUE).size() >= 8);
            health = Http.get(nodes.get(0).uri(), "/health");

            restarted = System.nanoTime();
            postgres.start();
            long[] firstSuccess = new long[1];
            await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(20)).until(() -> {
                firstSuccess[0] = load.sent("shorten", restarted, Long.MAX_VALUE).stream()
                        .filter(s -> s.answer().status() == 200).mapToLong(Load.Sample::answeredAt).min().orElse(0);
                return firstSuccess[0] != 0;
            });
            recovered = firstSuccess[0];
            int acknowledgedAtRecovery = acknowledged.size();
            await().atMost(Duration.ofSeconds(30)).until(() -> acknowledged.size() >= acknowledgedAtRecovery + 100);

            assertThat(load.all()).allSatisfy(s -> {
                assertThat(s.answer().status()).as("%s %s", s.kind(), s.answer())
                        .isIn(s.kind().equals("shorten") ? List.of(200, 503) : List.of(302, 503));
                if (s.answer().status() == 503) {
                    Problems.assertProblem(s.answer(), 503);
                    assertThat(s.answer().header("Retry-After")).hasValue("5");
                    assertThat(s.answer().header("RateLimit-Policy")).as("the limiter still counts").isPresent();
                }
            });
            List<Load.Sample> during = load.select(s -> s.sentAt() >= stopped && s.answeredAt() < restarted);
            assertThat(during).filteredOn(s -> s.answer().status() == 503).isNotEmpty();
            assertThat(during).allSatisfy(s -> assertThat(s.answer().nanos()).as("%s", s.answer())
                    .isLessThan(CONNECTION_TIMEOUT.plus(SLACK).toNanos()));

            Figures.report(SUITE, "shorten latency while PostgreSQL is down",
                    Figures.latencies(during.stream().filter(s -> s.kind().equals("shorten")).toList()));
            Figures.report(SUITE, "redirect latency while PostgreSQL is down",
                    Figures.latencies(during.stream().filter(s -> s.kind().equals("redirect")).toList()));
            Figures.report(SUITE, "PostgreSQL accepting connections again -> first shorten acknowledged",
                    Figures.millis(recovered - restarted) + " ms");
            Figures.report(SUITE, "GET /health while PostgreSQL is down", health.status() + " in " + health.millis() + " ms");
        }
        Figures.report(SUITE, "links acknowledged before / during and after the outage, all checked after it",
                acknowledgedBefore + " / " + (acknowledged.size() - acknowledgedBefore));

        assertThat(health.status()).as("health with the database down: %s", health).isEqualTo(503);
        assertThat(health.nanos()).isLessThan(CONNECTION_TIMEOUT.plus(SLACK).toNanos());
        everyAcknowledgedLinkIsStoredOnceAndNothingElse();
        everyAcknowledgedLinkRedirects();
    }

    private Http.Answer shorten(int client, long n) {
        String url = "https://example.org/durable/" + client + "/" + n;
        submitted.add(url);
        Http.Answer answer = Http.shortenForm(nodes.get((int) (n % 2)).uri(), url, "X-Forwarded-For", "198.51.100." + client);
        acknowledge(answer, url);
        return answer;
    }

    private void acknowledge(Http.Answer answer, String url) {
        if (answer.status() == 200) {
            String code = answer.code();
            acknowledged.put(code, url);
            acknowledgedCodes.add(code);
        }
    }

    /** Follows an acknowledged link, spread over all of them; the test shortens one before the load starts. */
    private Http.Answer redirect(int client, long n) {
        String code = acknowledgedCodes.get((int) (n * 7919 % acknowledgedCodes.size()));
        return Http.get(nodes.get((int) (n % 2)).uri(), "/" + code, "X-Forwarded-For", "198.51.100." + (100 + client));
    }

    private void everyAcknowledgedLinkIsStoredOnceAndNothingElse() throws SQLException {
        Map<String, String> stored = new HashMap<>();
        try (Connection connection = DriverManager.getConnection(database.jdbcUrl(), database.username(), database.password());
             Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery("SELECT code, url FROM shortener.short_link")) {
            while (rows.next()) {
                assertThat(stored.put(rows.getString("code"), rows.getString("url"))).as("code stored twice").isNull();
            }
        }
        assertThat(stored).containsAllEntriesOf(acknowledged);
        assertThat(Set.copyOf(stored.values())).as("one row per URL").hasSize(stored.size());
        assertThat(submitted).as("nothing stored that nobody asked for").containsAll(stored.values());
    }

    private void everyAcknowledgedLinkRedirects() {
        List<Map.Entry<String, String>> links = new ArrayList<>(acknowledged.entrySet());
        Map<String, String> wrong = new ConcurrentHashMap<>();
        links.parallelStream().forEach(link -> {
            Http.Answer answer = Http.get(nodes.get(Math.floorMod(link.getKey().hashCode(), 2)).uri(), "/" + link.getKey(),
                    "X-Forwarded-For", "198.51.100.250");
            if (answer.status() != 302 || !answer.header("Location").orElse("").equals(link.getValue())) {
                wrong.put(link.getKey(), answer.toString());
            }
        });
        assertThat(wrong).as("acknowledged codes that do not redirect to their URL").isEmpty();
    }
}
