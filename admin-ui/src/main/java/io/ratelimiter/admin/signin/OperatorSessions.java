package io.ratelimiter.admin.signin;

import io.micronaut.http.HttpRequest;
import io.micronaut.security.csrf.CsrfConfiguration;
import io.micronaut.security.csrf.generator.CsrfTokenGenerator;
import io.micronaut.security.csrf.validator.CsrfTokenValidator;
import io.micronaut.session.Session;
import io.micronaut.session.SessionStore;
import io.micronaut.session.http.HttpSessionFilter;
import io.micronaut.session.http.SessionForRequest;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;

/**
 * The console's sessions, kept in Redis (micronaut-redis' session store) so every console instance and a restarted
 * one know them: who signed in, with which role, when, and the CSRF token every form of the session must send back.
 * A session exists only once an operator has signed in (the sign-in form's token lives in a signed cookie), and is a
 * new one then, so an id planted before sign-in is worth nothing.
 */
@Singleton
final class OperatorSessions {

    private static final String OPERATOR = "operator";
    private static final String ROLE = "role";
    private static final String SIGNED_IN_AT = "signedInAt";

    /** The signed-in operator of a live session. */
    record SignedIn(Session session, String operator, String role) {
    }

    private final SessionStore<Session> sessionStore;
    private final CsrfTokenGenerator<HttpRequest<?>> csrfTokenGenerator;
    private final CsrfTokenValidator<HttpRequest<?>> csrfTokenValidator;
    private final String csrfAttribute;
    private final Duration lifetime;
    private final Clock clock;

    OperatorSessions(SessionStore<Session> sessionStore, CsrfTokenGenerator<HttpRequest<?>> csrfTokenGenerator,
                     CsrfTokenValidator<HttpRequest<?>> csrfTokenValidator, CsrfConfiguration csrfConfiguration,
                     OperatorConfiguration configuration, Clock clock) {
        this.sessionStore = sessionStore;
        this.csrfTokenGenerator = csrfTokenGenerator;
        this.csrfTokenValidator = csrfTokenValidator;
        this.csrfAttribute = csrfConfiguration.getHttpSessionName();
        this.lifetime = configuration.sessionLifetime();
        this.clock = clock;
    }

    /**
     * The operator this request's session signed in, while the session is within its lifetime. A session past it is
     * ended here, whatever its last use: the live poll keeps a session in use, never alive.
     */
    Optional<SignedIn> current(HttpRequest<?> request) {
        Optional<Session> found = SessionForRequest.find(request);
        if (found.isEmpty()) {
            return Optional.empty();
        }
        Session session = found.get();
        Optional<String> operator = session.get(OPERATOR, String.class);
        Optional<Long> signedInAt = session.get(SIGNED_IN_AT, Long.class);
        if (operator.isEmpty() || signedInAt.isEmpty()) {
            return Optional.empty();
        }
        if (clock.millis() - signedInAt.get() >= lifetime.toMillis()) {
            end(request);
            return Optional.empty();
        }
        renewCsrfTokenIfStale(request, session);
        return Optional.of(new SignedIn(session, operator.get(), session.get(ROLE, String.class).orElse(Roles.VIEWER)));
    }

    /** Replaces the request's session by a new one of {@code account}, with a new CSRF token. */
    void signIn(HttpRequest<?> request, Accounts.Account account) {
        SessionForRequest.find(request).ifPresent(old -> sessionStore.deleteSession(old.getId()));
        Session session = SessionForRequest.create(sessionStore, request);
        session.put(OPERATOR, account.name());
        session.put(ROLE, account.role());
        session.put(SIGNED_IN_AT, clock.millis());
        session.put(csrfAttribute, csrfTokenGenerator.generateCsrfToken(request));
    }

    /** Keeps the session's role in step with its account's. */
    void changeRole(Session session, String role) {
        session.put(ROLE, role);
    }

    /** Ends the request's session in the store, so no console instance knows it any more. */
    void end(HttpRequest<?> request) {
        SessionForRequest.find(request).ifPresent(session -> {
            sessionStore.deleteSession(session.getId());
            request.getAttributes().remove(HttpSessionFilter.SESSION_ATTRIBUTE);
        });
    }

    /**
     * A token signed with another key (a console restarted without a configured signing key) can never validate
     * again; a new one lets the next page's forms work.
     */
    private void renewCsrfTokenIfStale(HttpRequest<?> request, Session session) {
        Optional<String> token = session.get(csrfAttribute, String.class);
        if (token.isEmpty() || !csrfTokenValidator.validateCsrfToken(request, token.get())) {
            session.put(csrfAttribute, csrfTokenGenerator.generateCsrfToken(request));
        }
    }
}
