package io.ratelimiter.shortener;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.micronaut.context.ApplicationContext;
import io.micronaut.runtime.server.EmbeddedServer;
import io.ratelimiter.realservers.RealRedis;
import io.ratelimiter.realservers.RealServers;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** Redis goes away under a running node: the node is degraded, not dead, and says so on /health. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RedisOutageTest {

    private RealRedis redis;
    private EmbeddedServer node;
    private Api api;

    @BeforeAll
    void start() {
        redis = RealServers.newRedis();
        Map<String, Object> properties = new HashMap<>(TestServers.freshDatabase());
        properties.put("redis.uri", redis.uri());
        properties.put("rate-limiter.enabled", "true");
        node = ApplicationContext.run(EmbeddedServer.class, properties);
        api = new Api(node.getURI());
    }

    @AfterAll
    void stop() {
        node.close();
        redis.close();
    }

    @Test
    void withoutRedisTheNodeServesAndReportsItselfDegradedNotDown() {
        assertThat(api.get("/health").body()).contains("\"redis\"").doesNotContain("DEGRADED");

        redis.stop();
        try {
            HttpResponse<String> health = api.get("/health");
            assertThat(health.statusCode()).as(health.body()).isEqualTo(200);
            assertThat(health.body()).contains("\"status\":\"DEGRADED\"").contains("\"jdbc\"");
            assertThat(api.shortenForm("https://example.org/while-redis-is-down").statusCode())
                    .as("the shorten route fails open").isEqualTo(200);
        } finally {
            redis.start();
        }

        await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                assertThat(api.get("/health").body()).contains("\"status\":\"UP\"").doesNotContain("DEGRADED"));
    }
}
