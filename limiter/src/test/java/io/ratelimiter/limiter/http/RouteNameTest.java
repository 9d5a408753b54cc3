package io.ratelimiter.limiter.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.micronaut.http.HttpMethod;
import io.micronaut.http.HttpRequest;
import org.junit.jupiter.api.Test;

class RouteNameTest {

    @Test
    void everyInventedMethodCountsAsOneRouteSoANodeRemembersBoundedlyMany() {
        String purge = RateLimitFilter.route(HttpRequest.create(HttpMethod.CUSTOM, "/anything", "PURGE"));
        String invented = RateLimitFilter.route(HttpRequest.create(HttpMethod.CUSTOM, "/anything", "X".repeat(4000)));

        assertThat(purge).isEqualTo(invented).startsWith("CUSTOM ");
    }

    @Test
    void aStandardMethodKeepsItsName() {
        assertThat(RateLimitFilter.route(HttpRequest.GET("/anything"))).startsWith("GET ");
    }
}
