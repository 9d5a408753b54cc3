package io.ratelimiter.limiter.http;

import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MutableHttpResponse;
import io.ratelimiter.limiter.Decision;
import java.util.stream.Collectors;

/**
 * The limiter's refusals as RFC 9457 problem details. Written by hand, not serialised: the library must not depend
 * on which JSON module the application chose, and every value in them is a number or a restricted policy name.
 */
final class Problems {

    static final String PROBLEM_JSON = "application/problem+json";
    private static final String QUOTA_EXCEEDED = "https://iana.org/assignments/http-problem-types#quota-exceeded";

    private Problems() {
    }

    /** 429 of the draft's quota-exceeded type, naming the limits that refused the request. */
    static MutableHttpResponse<String> quotaExceeded(Decision decision) {
        String violated = decision.violated().stream()
                .map(l -> '"' + l.name() + '"')
                .collect(Collectors.joining(","));
        long retryAfter = Math.max(1, RateLimitHeaders.seconds(decision.retryAfterMs()));
        return HttpResponse.<String>status(HttpStatus.TOO_MANY_REQUESTS)
                .header("Retry-After", Long.toString(retryAfter))
                .contentType(PROBLEM_JSON)
                .body("{\"type\":\"" + QUOTA_EXCEEDED + "\",\"title\":\"Quota exceeded\",\"status\":429,"
                        + "\"violated-policies\":[" + violated + "]}");
    }

    /** 403 for a client an operator blocked. */
    static MutableHttpResponse<String> blocked() {
        return HttpResponse.<String>status(HttpStatus.FORBIDDEN)
                .contentType(PROBLEM_JSON)
                .body("{\"type\":\"about:blank\",\"title\":\"Forbidden\",\"status\":403,"
                        + "\"detail\":\"This client is blocked by the service's operators.\"}");
    }

    /** 503 for a fail-closed route while the limiter cannot reach Redis. */
    static MutableHttpResponse<String> limiterUnavailable(long retryAfterSeconds) {
        return HttpResponse.<String>status(HttpStatus.SERVICE_UNAVAILABLE)
                .header("Retry-After", Long.toString(Math.max(1, retryAfterSeconds)))
                .contentType(PROBLEM_JSON)
                .body("{\"type\":\"about:blank\",\"title\":\"Service Unavailable\",\"status\":503,"
                        + "\"detail\":\"Rate limiting is unavailable and this route does not run without it; retry later.\"}");
    }

    /** 503 when this node is too far behind to hear Redis' answer in time: shed, never let through unchecked. */
    static MutableHttpResponse<String> overloaded() {
        return HttpResponse.<String>status(HttpStatus.SERVICE_UNAVAILABLE)
                .header("Retry-After", "1")
                .contentType(PROBLEM_JSON)
                .body("{\"type\":\"about:blank\",\"title\":\"Service Unavailable\",\"status\":503,"
                        + "\"detail\":\"This server is overloaded; retry in a second.\"}");
    }
}
