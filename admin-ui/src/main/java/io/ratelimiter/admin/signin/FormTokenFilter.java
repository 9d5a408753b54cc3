package io.ratelimiter.admin.signin;

import io.micronaut.context.annotation.Requires;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.core.order.Ordered;
import io.micronaut.http.HttpMethod;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.MediaType;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.RequestFilter;
import io.micronaut.http.annotation.ServerFilter;
import io.micronaut.http.filter.ServerFilterPhase;
import io.micronaut.http.form.FormUrlEncodedDecoder;
import io.micronaut.http.server.exceptions.ExceptionHandler;
import io.micronaut.security.authentication.Authentication;
import io.micronaut.security.authentication.AuthorizationException;
import io.micronaut.security.csrf.CsrfConfiguration;
import io.micronaut.security.csrf.validator.CsrfTokenValidator;
import io.micronaut.security.filters.SecurityFilter;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.Set;

/**
 * Refuses every state-changing request whose CSRF token (form field {@code csrfToken}, or header
 * {@code X-CSRF-TOKEN}) is not one micronaut-security-csrf's validator accepts: the session's, or on the sign-in form
 * the signed cookie's. It stands in for that module's own filter, which fails in Micronaut 4.10 once a form body
 * arrives after the filter ran (a late null future, an NPE). The body is bound as a filter argument, so the filter
 * runs once the body is in and never re-enters the body's buffering (which trips an assertion when the chain is
 * continued from inside a body-parsing callback).
 */
@ServerFilter(ServerFilter.MATCH_ALL_PATTERN)
@Requires(property = "micronaut.security.csrf.enabled", notEquals = "false")
final class FormTokenFilter implements Ordered {

    private static final Set<HttpMethod> SAFE = Set.of(HttpMethod.GET, HttpMethod.HEAD, HttpMethod.OPTIONS,
            HttpMethod.TRACE);

    private final CsrfConfiguration configuration;
    private final CsrfTokenValidator<HttpRequest<?>> validator;
    private final FormUrlEncodedDecoder forms;
    private final ExceptionHandler<AuthorizationException, MutableHttpResponse<?>> refusal;

    FormTokenFilter(CsrfConfiguration configuration, CsrfTokenValidator<HttpRequest<?>> validator,
                    FormUrlEncodedDecoder forms,
                    ExceptionHandler<AuthorizationException, MutableHttpResponse<?>> refusal) {
        this.configuration = configuration;
        this.validator = validator;
        this.forms = forms;
        this.refusal = refusal;
    }

    @Override
    public int getOrder() {
        // After the security filter, so a refusal knows whether the request came from a signed-in operator.
        return ServerFilterPhase.SECURITY.order() + 100;
    }

    /** Null lets the request through. */
    @RequestFilter
    @Nullable
    MutableHttpResponse<?> check(HttpRequest<?> request, @Nullable @Body String body) {
        if (SAFE.contains(request.getMethod())) {
            return null;
        }
        String token = request.getHeaders().get(configuration.getHeaderName(), String.class)
                .or(() -> formToken(request, body)).orElse("");
        return !token.isEmpty() && validator.validateCsrfToken(request, token) ? null : refuse(request);
    }

    private Optional<String> formToken(HttpRequest<?> request, @Nullable String body) {
        boolean form = request.getContentType().map(MediaType.APPLICATION_FORM_URLENCODED_TYPE::equals).orElse(false);
        if (!form || body == null) {
            return Optional.empty();
        }
        Object token = forms.decode(body, StandardCharsets.UTF_8).get(configuration.getFieldName());
        return token instanceof String text ? Optional.of(text) : Optional.empty();
    }

    private MutableHttpResponse<?> refuse(HttpRequest<?> request) {
        Authentication authentication = request.getAttribute(SecurityFilter.AUTHENTICATION, Authentication.class)
                .orElse(null);
        return refusal.handle(request, new AuthorizationException(authentication));
    }
}
