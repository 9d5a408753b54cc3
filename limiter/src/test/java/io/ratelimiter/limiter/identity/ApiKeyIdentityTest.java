package io.ratelimiter.limiter.identity;

import static org.assertj.core.api.Assertions.assertThat;

import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpStatus;
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

/**
 * Clients identified by an API key, configured as an environment variable would set it ({@code api-key}), except on
 * the one route whose configured policy says {@code key-by: ip}.
 */
@MicronautTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ApiKeyIdentityTest implements TestPropertyProvider {

    @Inject
    @Client("/")
    HttpClient http;

    @Inject
    RateLimiterAdmin admin;

    @Override
    public Map<String, String> getProperties() {
        return Map.of("redis.uri", RealServers.redis().uri(),
                "rate-limiter.key-prefix", LimiterTestNodes.uniquePrefix("api-key"),
                "rate-limiter.identity.key-by", "api-key",
                "rate-limiter.default-policy.algorithm", "fixed_window",
                "rate-limiter.default-policy.limits", "2/1h",
                "rate-limiter.routes.sensitive.route", "GET /sensitive",
                "rate-limiter.routes.sensitive.algorithm", "fixed_window",
                "rate-limiter.routes.sensitive.limits", "2/1h",
                "rate-limiter.routes.sensitive.key-by", "ip");
    }

    private int get(String apiKey) {
        return get("/items/1", apiKey);
    }

    private int get(String path, String apiKey) {
        HttpRequest<?> request = apiKey == null ? HttpRequest.GET(path) : HttpRequest.GET(path).header("X-API-Key", apiKey);
        try {
            return http.toBlocking().exchange(request, String.class).code();
        } catch (HttpClientResponseException e) {
            return e.code();
        }
    }

    @Test
    void eachApiKeyHasItsOwnQuotaAndRequestsWithoutOneCountByAddress() {
        assertThat(get("alpha")).isEqualTo(HttpStatus.OK.getCode());
        assertThat(get("alpha")).isEqualTo(HttpStatus.OK.getCode());
        assertThat(get("alpha")).isEqualTo(HttpStatus.TOO_MANY_REQUESTS.getCode());
        assertThat(get("beta")).isEqualTo(HttpStatus.OK.getCode());
        assertThat(get(null)).isEqualTo(HttpStatus.OK.getCode());

        assertThat(admin.windows(WindowQuery.byPrefix("key:", 0, 10)).items()).extracting(ClientWindow::identity)
                .containsExactly("key:alpha", "key:beta");
    }

    @Test
    void aRouteWhosePolicySaysKeyByIpCountsTheAddressWhateverTheKey() {
        assertThat(get("/sensitive", "gamma")).isEqualTo(HttpStatus.OK.getCode());
        assertThat(get("/sensitive", "delta")).isEqualTo(HttpStatus.OK.getCode());
        assertThat(get("/sensitive", "epsilon")).isEqualTo(HttpStatus.TOO_MANY_REQUESTS.getCode());

        assertThat(admin.windows(WindowQuery.byPrefix("key:", 0, 10)).items()).extracting(ClientWindow::identity)
                .doesNotContain("key:gamma", "key:delta", "key:epsilon");
    }
}
