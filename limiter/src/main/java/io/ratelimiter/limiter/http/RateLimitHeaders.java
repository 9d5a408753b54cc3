package io.ratelimiter.limiter.http;

import io.micronaut.http.MutableHttpResponse;
import io.ratelimiter.limiter.Decision;
import io.ratelimiter.limiter.config.RateLimiterConfiguration.HeaderStyle;
import java.util.List;

/**
 * The headers of draft-ietf-httpapi-ratelimit-headers-11: two Structured Field lists, one item per limit,
 * {@code RateLimit-Policy: "default";q=10;w=60} and {@code RateLimit: "default";r=3;t=42}; optionally the legacy
 * {@code X-RateLimit-*} trio for the limit closest to exhaustion.
 */
final class RateLimitHeaders {

    private RateLimitHeaders() {
    }

    static void apply(MutableHttpResponse<?> response, Decision decision, HeaderStyle style) {
        List<Decision.LimitState> limits = decision.limits();
        if (limits.isEmpty()) {
            return;
        }
        StringBuilder policy = new StringBuilder(32 * limits.size());
        StringBuilder state = new StringBuilder(32 * limits.size());
        for (Decision.LimitState l : limits) {
            if (!policy.isEmpty()) {
                policy.append(", ");
                state.append(", ");
            }
            policy.append('"').append(l.name()).append("\";q=").append(l.quota()).append(";w=").append(Math.max(1, seconds(l.windowMs())));
            state.append('"').append(l.name()).append("\";r=").append(l.remaining()).append(";t=")
                    .append(seconds(l.violated() ? l.retryMs() : l.resetMs()));
        }
        // Policy names are restricted to characters that need no escaping in an sf-string.
        response.header("RateLimit-Policy", policy.toString());
        response.header("RateLimit", state.toString());
        if (style == HeaderStyle.DRAFT_AND_LEGACY) {
            Decision.LimitState tightest = limits.stream()
                    .min((a, b) -> Double.compare(share(a), share(b)))
                    .orElseThrow();
            response.header("X-RateLimit-Limit", Long.toString(tightest.quota()));
            response.header("X-RateLimit-Remaining", Long.toString(tightest.remaining()));
            response.header("X-RateLimit-Reset", Long.toString(seconds(tightest.violated() ? tightest.retryMs() : tightest.resetMs())));
        }
    }

    /** Whole seconds, rounded up: a client waiting that long is never early. */
    static long seconds(long ms) {
        return (ms + 999) / 1000;
    }

    private static double share(Decision.LimitState limit) {
        return limit.violated() ? -1 : (double) limit.remaining() / limit.quota();
    }
}
