package io.ratelimiter.shortener;

import static org.assertj.core.api.Assertions.assertThat;

import io.micronaut.context.ApplicationContext;
import io.micronaut.runtime.server.EmbeddedServer;
import io.ratelimiter.realservers.PostgresDatabase;
import io.ratelimiter.realservers.RealServers;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** Two shortener nodes on one database, as behind the load balancer. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TwoNodeRaceTest {

    private PostgresDatabase database;
    private EmbeddedServer first;
    private EmbeddedServer second;

    @BeforeAll
    void startTwoNodes() {
        database = RealServers.postgres().createDatabase("race");
        Map<String, Object> properties = Map.copyOf(TestServers.onDatabase(database));
        first = ApplicationContext.run(EmbeddedServer.class, properties);
        second = ApplicationContext.run(EmbeddedServer.class, properties);
    }

    @AfterAll
    void stopNodes() {
        first.close();
        second.close();
    }

    @Test
    void concurrentShortensOfOneUrlOnTwoNodesGetOneCode() throws Exception {
        List<Api> nodes = List.of(new Api(first.getURI()), new Api(second.getURI()));
        int requests = 24;
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(requests);
        try {
            List<CompletableFuture<HttpResponse<String>>> responses = new ArrayList<>();
            for (int i = 0; i < requests; i++) {
                Api node = nodes.get(i % 2);
                boolean json = i % 4 < 2;
                responses.add(CompletableFuture.supplyAsync(() -> {
                    awaitQuietly(start);
                    return json ? node.shortenJson("https://example.org/raced") : node.shortenForm("https://example.org/raced");
                }, pool));
            }
            start.countDown();

            Set<String> codes = responses.stream().map(CompletableFuture::join)
                    .peek(response -> assertThat(response.statusCode()).as(response.body()).isEqualTo(200))
                    .map(Api::code)
                    .collect(Collectors.toSet());

            assertThat(codes).hasSize(1);
            assertThat(storedRowsFor("https://example.org/raced")).isEqualTo(1);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void aLinkMadeOnOneNodeRedirectsOnTheOther() {
        String code = Api.code(new Api(first.getURI()).shortenForm("https://example.org/cross-node"));

        HttpResponse<String> response = new Api(second.getURI()).get("/" + code);

        assertThat(response.statusCode()).isEqualTo(302);
        assertThat(response.headers().firstValue("Location")).hasValue("https://example.org/cross-node");
    }

    private int storedRowsFor(String url) throws Exception {
        try (Connection connection = DriverManager.getConnection(database.jdbcUrl(), database.username(), database.password());
             ResultSet rows = connection.createStatement().executeQuery(
                     "SELECT count(*) FROM shortener.short_link WHERE url = '" + url + "'")) {
            rows.next();
            return rows.getInt(1);
        }
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
