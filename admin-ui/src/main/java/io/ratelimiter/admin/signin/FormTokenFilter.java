package io.ratelimiter.admin.signin;

import io.micronaut.context.annotation.Requires;
import io.micronaut.core.order.Ordered;
import io.micronaut.http.HttpMethod;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.MediaType;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.annotation.RequestFilter;
import io.micronaut.http.annotation.ServerFilter;
import io.micronaut.http.filter.FilterContinuation;
import io.micronaut.http.filter.ServerFilterPhase;
import io.micronaut.http.server.exceptions.ExceptionHandler;
import io.micronaut.http.server.filter.FilterBodyParser;
import io.micronaut.security.authentication.Authentication;
import io.micronaut.security.authentication.AuthorizationException;
import io.micronaut.security.csrf.CsrfConfiguration;
import io.micronaut.security.csrf.validator.CsrfTokenValidator;
import io.micronaut.security.filters.SecurityFilter;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.reactivestreams.Publisher;
import reactor.core.publisher.Mono;

/**
 * Refuses every state-changing request whose CSRF token (form field {@code csrfToken}, or header
 * {@code X-CSRF-TOKEN}) is not its session's, using micronaut-security-csrf's validator and session repository.
 * It stands in for that module's own filter, which returns a future completing with null once a form body has been
 * read; Micronaut 4.10's filter chain fails on such a late null (an NPE) when a legacy filter, here the session
 * filter, is in the chain. Proceeding through the continuation avoids it.
 */
@ServerFilter(ServerFilter.MATCH_ALL_PATTERN)
@Requires(property = "micronaut.security.csrf.enabled", notEquals = "false")
final class FormTokenFilter implements Ordered {

    private static final Set<HttpMethod> SAFE = Set.of(HttpMethod.GET, HttpMethod.HEAD, HttpMethod.OPTIONS,
            HttpMethod.TRACE);

    private final CsrfConfiguration configuration;
    private final CsrfTokenValidator<HttpRequest<?>> validator;
    private final FilterBodyParser bodyParser;
    private final ExceptionHandler<AuthorizationException, MutableHttpResponse<?>> refusal;

    FormTokenFilter(CsrfConfiguration configuration, CsrfTokenValidator<HttpRequest<?>> validator,
                    FilterBodyParser bodyParser,
                    ExceptionHandler<AuthorizationException, MutableHttpResponse<?>> refusal) {
        this.configuration = configuration;
        this.validator = validator;
        this.bodyParser = bodyParser;
        this.refusal = refusal;
    }

    @Override
    public int getOrder() {
        // After the security filter, so a refusal knows whether the request came from a signed-in operator.
        return ServerFilterPhase.SECURITY.order() + 100;
    }

    @RequestFilter
    Publisher<MutableHttpResponse<?>> check(HttpRequest<?> request,
                                            FilterContinuation<Publisher<MutableHttpResponse<?>>> next) {
        if (SAFE.contains(request.getMethod())) {
            return next.proceed();
        }
        Optional<String> header = request.getHeaders().get(configuration.getHeaderName(), String.class);
        if (header.isPresent()) {
            return decide(request, header.get(), next);
        }
        boolean form = request.getContentType().map(MediaType.APPLICATION_FORM_URLENCODED_TYPE::equals).orElse(false);
        if (!form) {
            return Mono.just(refuse(request));
        }
        return Mono.fromFuture(() -> bodyParser.parseBody(request))
                .map(this::token)
                .defaultIfEmpty("")
                .flatMap(token -> Mono.from(decide(request, token, next)));
    }

    private Publisher<MutableHttpResponse<?>> decide(HttpRequest<?> request, String token,
                                                     FilterContinuation<Publisher<MutableHttpResponse<?>>> next) {
        return !token.isEmpty() && validator.validateCsrfToken(request, token) ? next.proceed() : Mono.just(refuse(request));
    }

    private String token(Map<String, Object> body) {
        Object token = body.get(configuration.getFieldName());
        return token == null ? "" : token.toString();
    }

    private MutableHttpResponse<?> refuse(HttpRequest<?> request) {
        Authentication authentication = request.getAttribute(SecurityFilter.AUTHENTICATION, Authentication.class)
                .orElse(null);
        return refusal.handle(request, new AuthorizationException(authentication));
    }
}
