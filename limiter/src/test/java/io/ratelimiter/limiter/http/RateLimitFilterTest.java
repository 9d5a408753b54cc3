package io.ratelimiter.limiter.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.client.HttpClient;
import io.micronaut.http.client.annotation.Client;
import io.micronaut.http.client.exceptions.HttpClientResponseException;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.micronaut.test.support.TestPropertyProvider;
import io.ratelimiter.limiter.LimiterTestNodes;
import io.ratelimiter.limiter.admin.RateLimiterAdmin;
import io.ratelimiter.limiter.policy.Algorithm;
import io.ratelimiter.limiter.policy.ClientRule;
import io.ratelimiter.limiter.policy.Limit;
import io.ratelimiter.limiter.policy.Policy;
import io.ratelimiter.limiter.policy.Route;
import io.ratelimiter.realservers.RealServers;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** The filter as a client sees it. Clients are told apart by X-Forwarded-For, since loopback is a trusted proxy here. */
@MicronautTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RateLimitFilterTest implements TestPropertyProvider {

    @Inject
    @Client("/")
    HttpClient http;

    @Inject
    RateLimiterAdmin admin;

    @Override
    public Map<String, String> getProperties() {
        return Map.of("redis.uri", RealServers.redis().uri(),
                "rate-limiter.key-prefix", LimiterTestNodes.uniquePrefix("filter"),
                "rate-limiter.trusted-proxies", "127.0.0.1,::1",
                "rate-limiter.default-policy.algorithm", "fixed_window",
                "rate-limiter.default-policy.limits", "3/1h",
                "rate-limiter.routes.writes.route", "POST /items",
                "rate-limiter.routes.writes.algorithm", "sliding_log",
                "rate-limiter.routes.writes.limits", "2/1h");
    }

    private HttpResponse<String> get(String path, String client) {
        try {
            return http.toBlocking().exchange(HttpRequest.GET(path).header("X-Forwarded-For", client), String.class);
        } catch (HttpClientResponseException e) {
            return (HttpResponse<String>) e.getResponse();
        }
    }

    @Test
    void allowedAnswersCarryTheDraftHeaders() {
        HttpResponse<String> response = get("/items/a", "198.51.100.1");

        assertThat(response.code()).isEqualTo(HttpStatus.OK.getCode());
        assertThat(response.header("RateLimit-Policy")).isEqualTo("\"default\";q=3;w=3600");
        assertThat(response.header("RateLimit")).matches("\"default\";r=2;t=\\d+");
        assertThat(response.header("X-RateLimit-Limit")).isNull();
    }

    @Test
    void theRequestOverTheQuotaGets429WithRetryAfterAndAProblemBody() {
        for (int i = 0; i < 3; i++) {
            assertThat(get("/items/" + i, "198.51.100.2").code()).isEqualTo(HttpStatus.OK.getCode());
        }

        HttpResponse<String> denied = get("/items/x", "198.51.100.2");

        assertThat(denied.code()).isEqualTo(HttpStatus.TOO_MANY_REQUESTS.getCode());
        assertThat(denied.header("Content-Type")).isEqualTo("application/problem+json");
        long retryAfter = Long.parseLong(denied.header("Retry-After"));
        assertThat(retryAfter).isBetween(1L, 3600L);
        assertThat(denied.header("RateLimit-Policy")).isEqualTo("\"default\";q=3;w=3600");
        assertThat(denied.header("RateLimit")).isEqualTo("\"default\";r=0;t=" + retryAfter);
        assertThat(denied.getBody(String.class)).contains(
                "{\"type\":\"https://iana.org/assignments/http-problem-types#quota-exceeded\","
                        + "\"title\":\"Quota exceeded\",\"status\":429,\"violated-policies\":[\"default\"]}");
    }

    @Test
    void pathsOfOneRouteTemplateShareTheirWindow() {
        admin.setRoutePolicy(Route.parse("GET /items/{id}"), Policy.of("items", Algorithm.FIXED_WINDOW,
                Limit.of(2, Duration.ofHours(1))));
        try {
            assertThat(get("/items/one", "198.51.100.3").code()).isEqualTo(HttpStatus.OK.getCode());
            assertThat(get("/items/two", "198.51.100.3").code()).isEqualTo(HttpStatus.OK.getCode());

            HttpResponse<String> third = get("/items/three", "198.51.100.3");

            assertThat(third.code()).isEqualTo(HttpStatus.TOO_MANY_REQUESTS.getCode());
            assertThat(third.header("RateLimit-Policy")).isEqualTo("\"items\";q=2;w=3600");
        } finally {
            admin.deleteRoutePolicy(Route.parse("GET /items/{id}"));
        }
    }

    @Test
    void aConfiguredRoutePolicyIsSeededAndApplied() {
        HttpRequest<String> post = HttpRequest.POST("/items", "").header("X-Forwarded-For", "198.51.100.4");
        assertThat(http.toBlocking().exchange(post, String.class).header("RateLimit-Policy")).isEqualTo("\"writes\";q=2;w=3600");
        http.toBlocking().exchange(post, String.class);

        HttpClientResponseException third = catchThrowableOfType(
                () -> http.toBlocking().exchange(post, String.class), HttpClientResponseException.class);

        assertThat(third.code()).isEqualTo(HttpStatus.TOO_MANY_REQUESTS.getCode());
        assertThat(admin.routePolicy(Route.parse("POST /items"))).get().extracting(Policy::algorithm)
                .isEqualTo(Algorithm.SLIDING_LOG);
    }

    @Test
    void excludedPathsAreNeverLimited() {
        for (int i = 0; i < 10; i++) {
            HttpResponse<String> response = get("/health", "198.51.100.5");
            assertThat(response.code()).as(response.getBody(String.class).orElse("")).isEqualTo(HttpStatus.OK.getCode());
            assertThat(response.header("RateLimit")).isNull();
        }
    }

    @Test
    void aBlockedClientGets403AndAnAlwaysAllowedOneIsNeverLimited() {
        admin.block("198.51.100.6");
        admin.alwaysAllow("198.51.100.7");

        HttpResponse<String> blocked = get("/items/a", "198.51.100.6");
        assertThat(blocked.code()).isEqualTo(HttpStatus.FORBIDDEN.getCode());
        assertThat(blocked.header("Content-Type")).isEqualTo("application/problem+json");
        for (int i = 0; i < 10; i++) {
            assertThat(get("/items/a", "198.51.100.7").code()).isEqualTo(HttpStatus.OK.getCode());
        }

        admin.deleteClientRule("198.51.100.6");
        assertThat(get("/items/a", "198.51.100.6").code()).isEqualTo(HttpStatus.OK.getCode());
    }

    @Test
    void aClientRuleTakesPrecedenceOverRouteAndDefault() {
        admin.setClientRule(ClientRule.limit("198.51.100.8", Policy.of("vip", Algorithm.TOKEN_BUCKET,
                new Limit(5, Duration.ofHours(1), 8))));

        HttpResponse<String> response = get("/items/a", "198.51.100.8");

        assertThat(response.header("RateLimit-Policy")).isEqualTo("\"vip\";q=5;w=3600");
        assertThat(response.header("RateLimit")).startsWith("\"vip\";r=7;");
    }

    @Test
    void unmatchedPathsAreLimitedByTheDefaultPolicy() {
        for (int i = 0; i < 3; i++) {
            assertThat(get("/nowhere/" + i, "198.51.100.9").code()).isEqualTo(HttpStatus.NOT_FOUND.getCode());
        }

        assertThat(get("/nowhere/else", "198.51.100.9").code()).isEqualTo(HttpStatus.TOO_MANY_REQUESTS.getCode());
    }

    /** A trial must not change how clients behave: a shadow policy's numbers never reach them, not even r=0. */
    @Test
    void aShadowPolicysDecisionNeverReachesTheClientsHeaders() {
        admin.setClientRule(ClientRule.limit("198.51.100.10", new Policy("trial", Algorithm.FIXED_WINDOW,
                java.util.List.of(Limit.of(1, Duration.ofHours(1))), io.ratelimiter.limiter.policy.FailureMode.ALLOW, true)));

        for (int i = 0; i < 3; i++) {
            HttpResponse<String> response = get("/items/a", "198.51.100.10");
            assertThat(response.code()).isEqualTo(HttpStatus.OK.getCode());
            assertThat(response.header("RateLimit")).isNull();
            assertThat(response.header("RateLimit-Policy")).isNull();
        }
    }
}
