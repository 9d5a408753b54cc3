package io.ratelimiter.shortener;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.micronaut.context.ApplicationContext;
import io.micronaut.runtime.server.EmbeddedServer;
import io.ratelimiter.realservers.RealPostgres;
import io.ratelimiter.realservers.RealServers;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** PostgreSQL goes away under a running node, then comes back. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DatabaseOutageTest {

    private RealPostgres postgres;
    private EmbeddedServer node;
    private Api api;

    @BeforeAll
    void start() {
        postgres = RealServers.newPostgres();
        node = ApplicationContext.run(EmbeddedServer.class, Map.copyOf(TestServers.freshDatabaseOn(postgres)));
        api = new Api(node.getURI());
    }

    @AfterAll
    void stop() {
        node.close();
        postgres.close();
    }

    @Test
    void whileTheDatabaseIsDownRequestsGetA503ProblemAndEveryAcknowledgedLinkSurvives() {
        String code = Api.code(api.shortenForm("https://example.org/before-outage"));

        postgres.stop();
        try {
            HttpResponse<String> shorten = api.shortenForm("https://example.org/during-outage");
            HttpResponse<String> redirect = api.get("/" + code);

            for (HttpResponse<String> response : new HttpResponse[] {shorten, redirect}) {
                assertThat(response.statusCode()).isEqualTo(503);
                assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
                assertThat(response.headers().firstValue("Retry-After")).hasValue("5");
                assertThat(response.body()).contains("unavailable").doesNotContain("Exception");
            }
            assertThat(api.get("/").statusCode()).as("what needs no database keeps serving").isEqualTo(200);
        } finally {
            postgres.start();
        }

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                assertThat(api.shortenForm("https://example.org/after-outage").statusCode()).isEqualTo(200));
        HttpResponse<String> redirect = api.get("/" + code);
        assertThat(redirect.statusCode()).isEqualTo(302);
        assertThat(redirect.headers().firstValue("Location")).hasValue("https://example.org/before-outage");
    }
}
