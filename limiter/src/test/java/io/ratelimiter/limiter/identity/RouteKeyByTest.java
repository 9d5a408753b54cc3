package io.ratelimiter.limiter.identity;

import static org.assertj.core.api.Assertions.assertThat;

import io.micronaut.http.HttpRequest;
import io.micronaut.http.client.HttpClient;
import io.micronaut.http.client.annotation.Client;
import io.micronaut.http.client.exceptions.HttpClientResponseException;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.micronaut.test.support.TestPropertyProvider;
import io.ratelimiter.limiter.LimiterTestNodes;
import io.ratelimiter.limiter.admin.ClientWindow;
import io.ratelimiter.limiter.admin.RateLimiterAdmin;
import io.ratelimiter.limiter.admin.WindowQuery;
import io.ratelimiter.realservers.RealServers;
import jakarta.inject.Inject;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** One route keyed by API key, as its configured policy says, while every other route counts clients by address. */
@MicronautTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RouteKeyByTest implements TestPropertyProvider {

    @Inject
    @Client("/")
    HttpClient http;

    @Inject
    RateLimiterAdmin admin;

    @Override
    public Map<String, String> getProperties() {
        return Map.of("redis.uri", RealServers.redis().uri(),
                "rate-limiter.key-prefix", LimiterTestNodes.uniquePrefix("route-key-by"),
                "rate-limiter.default-policy.algorithm", "fixed_window",
                "rate-limiter.default-policy.limits", "2/1h",
                "rate-limiter.routes.items.route", "GET /items/{id}",
                "rate-limiter.routes.items.algorithm", "fixed_window",
                "rate-limiter.routes.items.limits", "2/1h",
                "rate-limiter.routes.items.key-by", "api-key");
    }

    @Test
    void theRouteCountsEachKeyWhileOtherRoutesCountTheAddress() {
        assertThat(get("/items/1", "alpha")).isEqualTo(200);
        assertThat(get("/items/2", "alpha")).isEqualTo(200);
        assertThat(get("/items/3", "alpha")).isEqualTo(429);
        assertThat(get("/items/1", "beta")).isEqualTo(200);

        // Another route: the keys do not matter, the one address has two requests.
        assertThat(get("/sensitive", "gamma")).isEqualTo(200);
        assertThat(get("/sensitive", "delta")).isEqualTo(200);
        assertThat(get("/sensitive", "epsilon")).isEqualTo(429);

        assertThat(admin.windows(WindowQuery.byPrefix("key:", 0, 10)).items()).extracting(ClientWindow::identity)
                .containsExactly("key:alpha", "key:beta");
    }

    private int get(String path, String apiKey) {
        try {
            return http.toBlocking().exchange(HttpRequest.GET(path).header("X-API-Key", apiKey), String.class).code();
        } catch (HttpClientResponseException e) {
            return e.code();
        }
    }
}
