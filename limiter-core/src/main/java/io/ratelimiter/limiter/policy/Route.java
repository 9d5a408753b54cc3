package io.ratelimiter.limiter.policy;

import io.micronaut.serde.annotation.Serdeable;
import java.util.Locale;
import java.util.Set;

/**
 * An endpoint as the limiter sees it: HTTP method and route template, so {@code /abc} and {@code /xyz} are both
 * {@code GET /{code}}. Written {@code "GET /{code}"}.
 */
@Serdeable
public record Route(String method, String template) {

    private static final Set<String> METHODS = Set.of("GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS");

    public Route {
        method = method == null ? "" : method.trim().toUpperCase(Locale.ROOT);
        template = template == null ? "" : template.trim();
        if (!METHODS.contains(method)) {
            throw new InvalidPolicyException(new InvalidPolicyException.Violation("route",
                    "unknown HTTP method '" + method + "'; use one of GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS"));
        }
        if (!template.startsWith("/") || template.length() > 200 || template.chars().anyMatch(c -> c <= ' ')) {
            throw new InvalidPolicyException(new InvalidPolicyException.Violation("route",
                    "the route template must start with '/', hold no spaces and stay under 200 characters, e.g. /shorten"));
        }
    }

    /** Reads {@code "POST /shorten"}. */
    public static Route parse(String text) {
        String trimmed = text == null ? "" : text.trim();
        int space = trimmed.indexOf(' ');
        if (space < 0) {
            throw new InvalidPolicyException(new InvalidPolicyException.Violation("route",
                    "write a route as METHOD and template, e.g. 'POST /shorten', not '" + text + "'"));
        }
        return new Route(trimmed.substring(0, space), trimmed.substring(space + 1));
    }

    @Override
    public String toString() {
        return method + " " + template;
    }
}
