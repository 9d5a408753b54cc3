package io.ratelimiter.admin.web;

import io.micronaut.context.annotation.Replaces;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.server.exceptions.response.ErrorResponseProcessor;
import io.micronaut.security.authentication.AuthorizationException;
import io.micronaut.security.authentication.DefaultAuthorizationExceptionHandler;
import io.micronaut.security.authentication.WwwAuthenticateChallengeProvider;
import io.micronaut.security.config.RedirectConfiguration;
import io.micronaut.security.config.RedirectService;
import io.micronaut.security.errors.PriorToLoginPersistence;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.util.List;

/**
 * Refusals in the console's terms. A page asked for without a session goes to the sign-in form (micronaut-security's
 * redirect); htmx's background poll is told to navigate there (HX-Redirect), since a redirect answer would only be
 * swapped into the table. A signed-in operator is refused only by the CSRF check, so the 403 page says that; so is
 * a sign-in form without its token, which cannot be redirected to itself.
 */
@Singleton
@Replaces(DefaultAuthorizationExceptionHandler.class)
final class ConsoleAuthorizationExceptionHandler extends DefaultAuthorizationExceptionHandler {

    private static final String SIGN_IN = "/login";

    private final ErrorPages pages;

    @Inject
    ConsoleAuthorizationExceptionHandler(ErrorResponseProcessor<?> errorResponseProcessor,
                                         RedirectConfiguration redirectConfiguration,
                                         RedirectService redirectService,
                                         List<WwwAuthenticateChallengeProvider<HttpRequest<?>>> challengeProviders,
                                         @Nullable PriorToLoginPersistence priorToLoginPersistence,
                                         ErrorPages pages) {
        super(errorResponseProcessor, redirectConfiguration, redirectService, challengeProviders,
                priorToLoginPersistence);
        this.pages = pages;
    }

    @Override
    public MutableHttpResponse<?> handle(HttpRequest request, AuthorizationException exception) {
        return SecurityHeadersFilter.apply(request, refusal(request, exception));
    }

    private MutableHttpResponse<?> refusal(HttpRequest<?> request, AuthorizationException exception) {
        if (exception.isForbidden()) {
            return pages.page(request, HttpStatus.FORBIDDEN, "Refused", List.of(
                    "The form was sent without the console's security token, or with one from an older session. "
                            + "Nothing was changed. Reload the page and try again."));
        }
        if (ErrorPages.fromHtmx(request)) {
            return HttpResponse.status(HttpStatus.UNAUTHORIZED).header("HX-Redirect", SIGN_IN);
        }
        if (SIGN_IN.equals(request.getPath())) {
            return pages.page(request, HttpStatus.UNAUTHORIZED, "Sign-in refused", List.of(
                    "The sign-in form was sent without its security token, or with a stale one (the console may have "
                            + "restarted). Open the sign-in page again."));
        }
        return super.handle(request, exception);
    }
}
