package io.ratelimiter.limiter.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.client.HttpClient;
import io.micronaut.http.client.annotation.Client;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.micronaut.test.support.TestPropertyProvider;
import io.ratelimiter.limiter.LimiterTestNodes;
import io.ratelimiter.realservers.RealServers;
import jakarta.inject.Inject;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** The switch for clients that only know the X-RateLimit-* headers, set the way an environment variable sets it. */
@MicronautTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class LegacyHeadersTest implements TestPropertyProvider {

    @Inject
    @Client("/")
    HttpClient http;

    @Override
    public Map<String, String> getProperties() {
        return Map.of("redis.uri", RealServers.redis().uri(),
                "rate-limiter.key-prefix", LimiterTestNodes.uniquePrefix("legacy"),
                "rate-limiter.headers", "draft-and-legacy",
                "rate-limiter.default-policy.algorithm", "fixed_window",
                "rate-limiter.default-policy.limits", "10/1m,100/1h");
    }

    @Test
    void legacyHeadersDescribeTheLimitClosestToExhaustionBesideTheDraftOnes() {
        HttpResponse<String> response = http.toBlocking().exchange(HttpRequest.GET("/items/1"), String.class);

        assertThat(response.header("RateLimit-Policy")).isEqualTo("\"default-1m\";q=10;w=60, \"default-1h\";q=100;w=3600");
        assertThat(response.header("RateLimit")).matches("\"default-1m\";r=9;t=\\d+, \"default-1h\";r=99;t=\\d+");
        assertThat(response.header("X-RateLimit-Limit")).isEqualTo("10");
        assertThat(response.header("X-RateLimit-Remaining")).isEqualTo("9");
        assertThat(Long.parseLong(response.header("X-RateLimit-Reset"))).isBetween(1L, 60L);
    }
}
