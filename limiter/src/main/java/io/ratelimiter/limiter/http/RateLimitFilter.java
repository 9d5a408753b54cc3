package io.ratelimiter.limiter.http;

import io.micronaut.context.annotation.Requires;
import io.micronaut.core.order.Ordered;
import io.micronaut.core.util.AntPathMatcher;
import io.micronaut.core.util.PathMatcher;
import io.micronaut.http.HttpMethod;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.annotation.RequestFilter;
import io.micronaut.http.annotation.ServerFilter;
import io.micronaut.http.filter.FilterContinuation;
import io.micronaut.http.filter.ServerFilterPhase;
import io.micronaut.web.router.RouteAttributes;
import io.micronaut.web.router.UriRouteInfo;
import io.ratelimiter.limiter.Decision;
import io.ratelimiter.limiter.config.RateLimiterConfiguration;
import io.ratelimiter.limiter.config.RateLimiterConfiguration.HeaderStyle;
import io.ratelimiter.limiter.RateLimiter;
import io.ratelimiter.limiter.identity.ClientIdentity;
import io.ratelimiter.limiter.identity.ClientIdentityResolver;
import org.reactivestreams.Publisher;
import reactor.core.publisher.Mono;

/**
 * Asks the limiter before any controller runs. Runs just after the security phase, so an authenticated user is
 * known when policies key on users. Never blocks: the check is one asynchronous Redis call, and the chain goes on
 * (or a refusal is sent) when Redis has answered.
 *
 * <p>The filter proceeds through its continuation rather than returning a nullable response from a future:
 * Micronaut 4.10 answers an empty 503 when such a future completes with null after the filter returned.
 */
@ServerFilter(ServerFilter.MATCH_ALL_PATTERN)
@Requires(property = "rate-limiter.enabled", notEquals = "false")
final class RateLimitFilter implements Ordered {

    /** Requests no route matched (404s) share one route, so they are limited by the default policy. */
    static final String UNMATCHED = "unmatched";

    private final RateLimiter check;
    private final ClientIdentityResolver identities;
    private final String[] excluded;
    private final AntPathMatcher paths = PathMatcher.ANT;
    // Read once: the configuration is an interface whose getters resolve their property on every call.
    private final HeaderStyle headers;
    private final long coolDownSeconds;

    RateLimitFilter(RateLimiter check, ClientIdentityResolver identities, RateLimiterConfiguration configuration) {
        this.check = check;
        this.identities = identities;
        this.excluded = configuration.getExcludedPaths().stream().filter(p -> !p.isBlank()).toArray(String[]::new);
        this.headers = configuration.getHeaders();
        this.coolDownSeconds = configuration.getBreaker().getCoolDown().toSeconds();
    }

    @Override
    public int getOrder() {
        return ServerFilterPhase.SECURITY.after();
    }

    @RequestFilter
    Publisher<MutableHttpResponse<?>> check(HttpRequest<?> request, FilterContinuation<Publisher<MutableHttpResponse<?>>> next) {
        if (excluded(request.getPath())) {
            return next.proceed();
        }
        String route = route(request);
        ClientIdentity client = identities.resolve(request, route);
        return Mono.fromFuture(() -> check.check(client, route)).flatMap(decision -> switch (decision.outcome()) {
            case DENIED -> Mono.just(withHeaders(Problems.quotaExceeded(decision), decision));
            case BLOCKED -> Mono.just(Problems.blocked());
            case FAILED_CLOSED, POLICY_ERROR_CLOSED ->
                    Mono.just(Problems.limiterUnavailable(coolDownSeconds));
            case SHED -> Mono.just(Problems.overloaded());
            default -> Mono.from(next.proceed()).map(response -> withHeaders(response, decision));
        });
    }

    /** A shadow policy's decision never reaches the client: a trial must not change how clients behave. */
    private MutableHttpResponse<?> withHeaders(MutableHttpResponse<?> response, Decision decision) {
        if (!decision.shadow()) {
            RateLimitHeaders.apply(response, decision, headers);
        }
        return response;
    }

    private boolean excluded(String path) {
        for (String pattern : excluded) {
            if (paths.matches(pattern, path)) {
                return true;
            }
        }
        return false;
    }

    static String route(HttpRequest<?> request) {
        // A client may invent any method name; one name for all of them keeps the routes a node remembers bounded.
        String method = request.getMethod() == HttpMethod.CUSTOM ? HttpMethod.CUSTOM.name() : request.getMethodName();
        return RouteAttributes.getRouteInfo(request)
                .filter(UriRouteInfo.class::isInstance)
                .map(info -> method + " " + ((UriRouteInfo<?, ?>) info).getUriMatchTemplate().toPathString())
                .orElse(method + " " + UNMATCHED);
    }
}
