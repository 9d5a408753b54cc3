package io.ratelimiter.admin.signin;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Consumes;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.annotation.Produces;
import io.micronaut.http.cookie.Cookie;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.security.annotation.Secured;
import io.micronaut.security.rules.SecurityRule;
import io.micronaut.session.http.HttpSessionConfiguration;
import io.micronaut.views.ModelAndView;
import java.net.URI;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Sign-in and sign-out. Both forms carry the session's CSRF token, checked by micronaut-security-csrf. */
@Controller
@Produces(MediaType.TEXT_HTML)
@Secured(SecurityRule.IS_ANONYMOUS)
@ExecuteOn(TaskExecutors.BLOCKING)
final class SignInController {

    private static final Logger LOG = LoggerFactory.getLogger(SignInController.class);

    private final Operators operators;
    private final SignInThrottle throttle;
    private final OperatorSessions sessions;
    private final HttpSessionConfiguration sessionConfiguration;

    SignInController(Operators operators, SignInThrottle throttle, OperatorSessions sessions,
                     HttpSessionConfiguration sessionConfiguration) {
        this.operators = operators;
        this.throttle = throttle;
        this.sessions = sessions;
        this.sessionConfiguration = sessionConfiguration;
    }

    @Get("/login")
    HttpResponse<?> form(HttpRequest<?> request) {
        if (OperatorSessions.operator(request).isPresent()) {
            return HttpResponse.seeOther(URI.create("/"));
        }
        sessions.ensureAnonymous(request);
        return HttpResponse.ok(page(null, null));
    }

    @Post("/login")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    HttpResponse<?> signIn(HttpRequest<?> request, @Nullable String username, @Nullable String password) {
        String address = request.getRemoteAddress().getAddress().getHostAddress();
        String name = username == null ? "" : username.trim();
        var lockedOut = throttle.lockedOutFor(name, address);
        if (lockedOut.isPresent()) {
            LOG.warn("sign-in refused: user={} address={} locked out for {} s", loggable(name), address,
                    lockedOut.get().toSeconds());
            return HttpResponse.status(HttpStatus.TOO_MANY_REQUESTS)
                    .header("Retry-After", String.valueOf(Math.max(1, lockedOut.get().toSeconds())))
                    .body(page(name, "Too many failed sign-ins for this user or from this address; try again in "
                            + minutes(lockedOut.get()) + "."));
        }
        if (!operators.matches(name, password)) {
            throttle.failed(name, address);
            LOG.warn("sign-in failed: user={} address={}", loggable(name), address);
            return HttpResponse.status(HttpStatus.UNAUTHORIZED).body(page(name, operators.signInEnabled()
                    ? "Wrong username or password."
                    : "Sign-in is disabled: the console has no ADMIN_PASSWORD_HASH configured."));
        }
        throttle.succeeded(name, address);
        sessions.signIn(request, name);
        LOG.info("signed in: user={} address={}", name, address);
        return HttpResponse.seeOther(URI.create("/"));
    }

    @Post("/logout")
    @Secured(SecurityRule.IS_AUTHENTICATED)
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    HttpResponse<?> signOut(HttpRequest<?> request) {
        OperatorSessions.operator(request).ifPresent(name -> LOG.info("signed out: user={}", name));
        sessions.signOut(request);
        return HttpResponse.seeOther(URI.create("/login"))
                .cookie(Cookie.of(sessionConfiguration.getCookieName(), "").maxAge(0).path("/").httpOnly(true));
    }

    private ModelAndView<Map<String, Object>> page(@Nullable String username, @Nullable String error) {
        Map<String, Object> model = new HashMap<>();
        model.put("title", "Sign in");
        model.put("username", username == null ? "" : username);
        model.put("signInEnabled", operators.signInEnabled());
        if (error != null) {
            model.put("error", error);
        }
        return new ModelAndView<>("login", model);
    }

    /**
     * A username as a visitor typed it, fit for one log line: control characters (a typed line break would let a
     * visitor write a line of its own, "signed in: user=admin") shown as '?', and cut short.
     */
    private static String loggable(String username) {
        String printable = username.replaceAll("\\p{Cntrl}", "?");
        return printable.length() <= 64 ? printable : printable.substring(0, 64) + "...(" + printable.length() + " chars)";
    }

    private static String minutes(Duration wait) {
        long seconds = Math.max(1, wait.toSeconds());
        return seconds < 120 ? seconds + " s" : (seconds + 59) / 60 + " min";
    }
}
