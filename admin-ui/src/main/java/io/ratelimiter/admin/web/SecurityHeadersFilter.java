package io.ratelimiter.admin.web;

import io.micronaut.http.HttpRequest;
import io.micronaut.http.MutableHttpHeaders;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.annotation.ResponseFilter;
import io.micronaut.http.annotation.ServerFilter;

/**
 * Headers that keep the console's pages from being framed, sniffed, leaked through referrers or made to run scripts
 * other than its own: the CSP allows no inline script or style, so the templates carry none.
 */
@ServerFilter(ServerFilter.MATCH_ALL_PATTERN)
final class SecurityHeadersFilter {

    static final String CONTENT_SECURITY_POLICY = "default-src 'self'; script-src 'self'; style-src 'self'; "
            + "img-src 'self' data:; connect-src 'self'; form-action 'self'; frame-ancestors 'none'; "
            + "base-uri 'none'; object-src 'none'";

    @ResponseFilter
    void addHeaders(HttpRequest<?> request, MutableHttpResponse<?> response) {
        apply(request, response);
    }

    /** For answers no response filter sees: micronaut-security's refusals of visitors without a session. */
    static MutableHttpResponse<?> apply(HttpRequest<?> request, MutableHttpResponse<?> response) {
        MutableHttpHeaders headers = response.getHeaders();
        headers.set("Content-Security-Policy", CONTENT_SECURITY_POLICY);
        headers.set("X-Frame-Options", "DENY");
        headers.set("X-Content-Type-Options", "nosniff");
        // same-origin, not no-referrer: with no-referrer browsers send "Origin: null" on form posts, which
        // Micronaut's CORS filter refuses (403) on a console reached as localhost.
        headers.set("Referrer-Policy", "same-origin");
        headers.set("Cross-Origin-Opener-Policy", "same-origin");
        String path = request.getPath();
        if (!path.startsWith("/static/") && !path.startsWith("/js/")) {
            // Pages show who is limited and how; no shared cache or back button should keep them.
            headers.set("Cache-Control", "no-store");
        }
        return response;
    }
}
