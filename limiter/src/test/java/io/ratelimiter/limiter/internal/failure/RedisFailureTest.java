package io.ratelimiter.limiter.internal.failure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.MeterRegistry;
import io.micronaut.runtime.server.EmbeddedServer;
import io.ratelimiter.limiter.LimiterTestNodes;
import io.ratelimiter.realservers.RealRedis;
import io.ratelimiter.realservers.RealServers;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import redis.clients.jedis.Jedis;

/**
 * Redis stopped under a running node, and started again: fail open by default, fail closed (503) on the route
 * whose policy says deny, and limiting resumes by itself, with the node never restarted.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RedisFailureTest {

    private RealRedis redis;
    private EmbeddedServer node;
    private final HttpClient http = HttpClient.newHttpClient();

    @BeforeAll
    void start() {
        redis = RealServers.newRedis();
        node = LimiterTestNodes.start(Map.of(
                "redis.uri", redis.uri(),
                "redis.timeout", "1s",
                "rate-limiter.key-prefix", "failure",
                "rate-limiter.timeout", "200ms",
                "rate-limiter.breaker.failure-threshold", "3",
                "rate-limiter.breaker.cool-down", "300ms",
                "rate-limiter.default-policy.algorithm", "fixed_window",
                "rate-limiter.default-policy.limits", "5/1h",
                "rate-limiter.routes.sensitive.route", "GET /sensitive",
                "rate-limiter.routes.sensitive.on-redis-failure", "deny"));
    }

    @AfterAll
    void stop() {
        node.stop();
        redis.close();
    }

    private HttpResponse<String> get(String path) {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + node.getPort() + path))
                .timeout(Duration.ofSeconds(10)).build();
        return http.sendAsync(request, HttpResponse.BodyHandlers.ofString()).join();
    }

    @Test
    void requestsPassWhileRedisIsDownAFailClosedRouteAnswers503AndLimitingResumesWhenItIsBack() {
        assertThat(get("/items/1").headers().firstValue("RateLimit-Policy")).contains("\"default\";q=5;w=3600");
        assertThat(get("/sensitive").statusCode()).isEqualTo(200);

        redis.stop();

        for (int i = 0; i < 12; i++) {
            HttpResponse<String> open = get("/items/" + i);
            assertThat(open.statusCode()).as("fail-open request %d", i).isEqualTo(200);
            assertThat(open.headers().firstValue("RateLimit")).isEmpty();
        }
        HttpResponse<String> closed = get("/sensitive");
        assertThat(closed.statusCode()).isEqualTo(503);
        assertThat(closed.headers().firstValue("Content-Type")).contains("application/problem+json");
        assertThat(closed.headers().firstValue("Retry-After")).isPresent();
        MeterRegistry meters = node.getApplicationContext().getBean(MeterRegistry.class);
        assertThat(meters.counter("ratelimiter.fail.open").count()).isGreaterThanOrEqualTo(12);

        redis.start();

        // The restarted Redis kept nothing: the node reloads its script and seeds its policies again by itself.
        await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(100))
                .until(() -> get("/items/again").headers().firstValue("RateLimit-Policy").isPresent());
        for (int i = 0; i < 10; i++) {
            get("/items/" + i);
        }
        assertThat(get("/items/over").statusCode()).isEqualTo(429);
        assertThat(get("/sensitive").statusCode()).isEqualTo(200);
    }

    @Test
    void aScriptCacheFlushedUnderTheNodeIsReloadedOnTheNextCheck() {
        await().atMost(Duration.ofSeconds(10)).until(() -> get("/sensitive").statusCode() == 200);
        redis.call(Jedis::scriptFlush);

        HttpResponse<String> response = get("/sensitive");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("RateLimit-Policy")).isPresent();
    }
}
