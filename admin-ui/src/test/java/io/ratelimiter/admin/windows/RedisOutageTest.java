package io.ratelimiter.admin.windows;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.micronaut.test.support.TestPropertyProvider;
import io.ratelimiter.admin.ConsoleClient;
import io.ratelimiter.admin.TestConsole;
import io.ratelimiter.realservers.RealRedis;
import io.ratelimiter.realservers.RealServers;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

@MicronautTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RedisOutageTest implements TestPropertyProvider {

    private final RealRedis redis = RealServers.newRedis();

    @Inject
    EmbeddedServer server;

    @Override
    public Map<String, String> getProperties() {
        Map<String, String> properties = new HashMap<>(TestConsole.properties("console-outage"));
        properties.put("redis.uri", redis.uri());
        return properties;
    }

    @AfterAll
    void stopRedis() {
        redis.close();
    }

    @Test
    void withRedisDownPagesSayWhyAndRecoverWhenItIsBack() {
        ConsoleClient operator = new ConsoleClient(server.getURI()).signedIn();
        assertThat(operator.get("/").status()).isEqualTo(200);

        redis.stop();
        try {
            ConsoleClient.Response dashboard = operator.get("/");
            ConsoleClient.Response fragment = operator.htmx("/windows/live");
            ConsoleClient.Response policies = operator.get("/policies");
            ConsoleClient.Response change = operator.post("/clients/block", Map.of("identity", "203.0.113.50"));

            assertThat(dashboard.status()).isEqualTo(503);
            assertThat(dashboard.body()).contains("Redis cannot be reached").doesNotContain("Exception");
            assertThat(fragment.status()).isEqualTo(200);
            assertThat(fragment.body()).contains("Redis cannot be reached").contains("hx-trigger=\"every 1s\"");
            assertThat(policies.status()).isEqualTo(503);
            assertThat(policies.body()).contains("Redis unavailable").contains("Nothing was changed");
            assertThat(change.status()).isEqualTo(503);
            assertThat(change.body()).contains("Redis cannot be reached");
        } finally {
            redis.start();
        }

        // This Redis keeps nothing across its restart, sessions included: the operator signs in again, once the
        // console has reconnected (until then a sign-in is refused with 503, which signedIn() throws on).
        await().atMost(Duration.ofSeconds(30)).ignoreExceptionsInstanceOf(IllegalStateException.class).untilAsserted(() ->
                assertThat(new ConsoleClient(server.getURI()).signedIn().htmx("/windows/live").body())
                        .doesNotContain("Redis cannot be reached").contains("tracked windows"));
        String audit = new ConsoleClient(server.getURI()).signedIn().get("/audit").body();
        assertThat(audit).as("a change refused before it started is no attempt").doesNotContain("203.0.113.50");
    }
}
