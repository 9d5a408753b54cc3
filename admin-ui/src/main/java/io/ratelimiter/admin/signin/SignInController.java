package io.ratelimiter.admin.signin;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.annotation.Consumes;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.annotation.Produces;
import io.micronaut.http.cookie.Cookie;
import io.micronaut.http.cookie.SameSite;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.security.annotation.Secured;
import io.micronaut.security.authentication.Authentication;
import io.micronaut.security.csrf.CsrfConfiguration;
import io.micronaut.security.csrf.generator.CsrfTokenGenerator;
import io.micronaut.security.csrf.validator.CsrfTokenValidator;
import io.micronaut.security.rules.SecurityRule;
import io.micronaut.session.http.HttpSessionConfiguration;
import io.micronaut.views.ModelAndView;
import io.ratelimiter.admin.audit.Actor;
import io.ratelimiter.admin.audit.AuditLog;
import io.ratelimiter.admin.audit.AuditUnavailableException;
import io.ratelimiter.admin.web.Actors;
import java.net.URI;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sign-in and sign-out. The sign-in form makes no session: its CSRF token travels in a signed cookie (micronaut-security
 * csrf's cookie repository) and comes back in the form. Every sign-in, failed sign-in and sign-out is in the audit.
 */
@Controller
@Produces(MediaType.TEXT_HTML)
@Secured(SecurityRule.IS_ANONYMOUS)
@ExecuteOn(TaskExecutors.BLOCKING)
final class SignInController {

    private static final Logger LOG = LoggerFactory.getLogger(SignInController.class);
    private static final String SIGN_IN = "/login";
    private static final int MAX_NAME = 64;

    private final Accounts accounts;
    private final SignInThrottle throttle;
    private final OperatorSessions sessions;
    private final AuditLog auditLog;
    private final Actors actors;
    private final CsrfConfiguration csrf;
    private final CsrfTokenGenerator<HttpRequest<?>> tokens;
    private final CsrfTokenValidator<HttpRequest<?>> tokenValidator;
    private final HttpSessionConfiguration sessionConfiguration;

    SignInController(Accounts accounts, SignInThrottle throttle, OperatorSessions sessions, AuditLog auditLog,
                     Actors actors, CsrfConfiguration csrf, CsrfTokenGenerator<HttpRequest<?>> tokens,
                     CsrfTokenValidator<HttpRequest<?>> tokenValidator, HttpSessionConfiguration sessionConfiguration) {
        this.accounts = accounts;
        this.throttle = throttle;
        this.sessions = sessions;
        this.auditLog = auditLog;
        this.actors = actors;
        this.csrf = csrf;
        this.tokens = tokens;
        this.tokenValidator = tokenValidator;
        this.sessionConfiguration = sessionConfiguration;
    }

    @Get(SIGN_IN)
    HttpResponse<?> form(HttpRequest<?> request, @Nullable Authentication operator) {
        if (operator != null) {
            return HttpResponse.seeOther(URI.create("/"));
        }
        Optional<String> kept = request.getCookies().findCookie(csrf.getCookieName()).map(Cookie::getValue)
                .filter(token -> tokenValidator.validateCsrfToken(request, token));
        if (kept.isPresent()) {
            return HttpResponse.ok(page(kept.get(), null, null));
        }
        String token = tokens.generateCsrfToken(request);
        return HttpResponse.ok(page(token, null, null)).cookie(formCookie(request, token, null));
    }

    @Post(SIGN_IN)
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    HttpResponse<?> signIn(HttpRequest<?> request, @Nullable String username, @Nullable String password,
                           @Nullable String csrfToken) {
        String name = Accounts.normalize(username);
        String shown = printable(name);
        String address = actors.address(request);
        String token = csrfToken == null ? "" : csrfToken;
        if (name.isEmpty() || name.length() > MAX_NAME || password == null || password.isEmpty()
                || password.length() > PasswordPolicy.MAX_LENGTH) {
            // No account has such a name or password: refused before any count or hash.
            LOG.warn("sign-in failed: user={} address={} (not a possible name or password)", shown, address);
            return refused(token, shown);
        }
        SignInThrottle.Attempt<Optional<Accounts.Account>> attempt =
                throttle.attempt(name, address, () -> accounts.verify(name, password));
        if (attempt.refusal().isPresent()) {
            return throttled(token, shown, address, attempt.refusal().get());
        }
        Optional<Accounts.Account> account = attempt.result().orElseThrow();
        if (account.isEmpty()) {
            auditLog.event(actors.as(request, shown), "failed sign-in", shown, "wrong name or password, or disabled");
            return refused(token, shown);
        }
        throttle.succeeded(name, address);
        sessions.signIn(request, account.get());
        try {
            auditLog.event(actors.as(request, account.get().name()), "sign in", account.get().name(),
                    "role " + account.get().role());
        } catch (AuditUnavailableException e) {
            // No sign-in the audit does not know of.
            sessions.end(request);
            throw e;
        }
        return HttpResponse.seeOther(URI.create("/")).cookie(formCookie(request, "", Duration.ZERO));
    }

    @Post("/logout")
    @Secured(SecurityRule.IS_AUTHENTICATED)
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    HttpResponse<?> signOut(HttpRequest<?> request, Authentication operator) {
        Actor actor = actors.of(request, operator);
        sessions.end(request);
        try {
            auditLog.event(actor, "sign out", operator.getName(), "");
        } catch (AuditUnavailableException e) {
            LOG.error("signed out, but the audit could not record it: user={} ({})", operator.getName(), e.getMessage());
        }
        return HttpResponse.seeOther(URI.create(SIGN_IN))
                .cookie(Cookie.of(sessionConfiguration.getCookieName(), "").maxAge(0).path("/").httpOnly(true));
    }

    private MutableHttpResponse<?> refused(String token, String shown) {
        return HttpResponse.status(HttpStatus.UNAUTHORIZED).body(page(token, shown, "Wrong username or password."));
    }

    private MutableHttpResponse<?> throttled(String token, String shown, String address, SignInThrottle.Refusal why) {
        if (why instanceof SignInThrottle.Refusal.Wait wait) {
            long seconds = Math.max(1, (wait.delay().toMillis() + 999) / 1000);
            LOG.warn("sign-in refused: user={} address={} must wait {} s", shown, address, seconds);
            return HttpResponse.status(HttpStatus.TOO_MANY_REQUESTS).header("Retry-After", Long.toString(seconds))
                    .body(page(token, shown, "Too many sign-in attempts for this user or from this address; try "
                            + "again in " + seconds + " s."));
        }
        LOG.warn("sign-in refused: user={} address={}: every password check slot is busy", shown, address);
        return HttpResponse.status(HttpStatus.SERVICE_UNAVAILABLE).header("Retry-After", "1")
                .body(page(token, shown, "The console is busy checking other sign-ins; try again in a moment."));
    }

    /** The sign-in form's token: a cookie only the sign-in form's requests carry, and no script can read. */
    private Cookie formCookie(HttpRequest<?> request, String token, @Nullable Duration maxAge) {
        Cookie cookie = Cookie.of(csrf.getCookieName(), token).path(SIGN_IN).httpOnly(true).sameSite(SameSite.Strict)
                .secure(sessionConfiguration.isCookieSecure().orElse(request.isSecure()));
        return maxAge == null ? cookie : cookie.maxAge(maxAge);
    }

    private ModelAndView<Map<String, Object>> page(String csrfToken, @Nullable String username, @Nullable String error) {
        Map<String, Object> model = new HashMap<>();
        model.put("title", "Sign in");
        model.put("csrfToken", csrfToken);
        model.put("username", username == null ? "" : username);
        if (error != null) {
            model.put("error", error);
        }
        return new ModelAndView<>("login", model);
    }

    /**
     * A name as a visitor typed it, fit for one log line and the audit: control characters (a typed line break would
     * let a visitor write a line of its own, "signed in: user=admin") shown as '?', and cut short.
     */
    private static String printable(String name) {
        String printable = name.replaceAll("\\p{Cntrl}", "?");
        return printable.length() <= MAX_NAME ? printable
                : printable.substring(0, MAX_NAME) + "...(" + printable.length() + " chars)";
    }
}
