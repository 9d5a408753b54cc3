package io.ratelimiter.admin.signin;

import io.micronaut.http.HttpRequest;
import io.micronaut.security.csrf.CsrfConfiguration;
import io.micronaut.security.csrf.generator.CsrfTokenGenerator;
import io.micronaut.session.Session;
import io.micronaut.session.SessionStore;
import io.micronaut.session.http.HttpSessionFilter;
import io.micronaut.session.http.SessionForRequest;
import jakarta.inject.Singleton;
import java.util.Optional;

/**
 * The console's sessions: who signed in, and the CSRF token every form of that session must send back. A session
 * starts anonymous at the sign-in form (so the form itself carries a token) and is replaced by a fresh one on
 * sign-in, so an id planted before sign-in is worth nothing after it.
 */
@Singleton
final class OperatorSessions {

    static final String OPERATOR = "operator";

    private final SessionStore<Session> sessionStore;
    private final CsrfTokenGenerator<HttpRequest<?>> csrfTokenGenerator;
    private final String csrfAttribute;

    OperatorSessions(SessionStore<Session> sessionStore, CsrfTokenGenerator<HttpRequest<?>> csrfTokenGenerator,
                     CsrfConfiguration csrfConfiguration) {
        this.sessionStore = sessionStore;
        this.csrfTokenGenerator = csrfTokenGenerator;
        this.csrfAttribute = csrfConfiguration.getHttpSessionName();
    }

    static Optional<String> operator(HttpRequest<?> request) {
        return SessionForRequest.find(request).flatMap(session -> session.get(OPERATOR, String.class));
    }

    /** The session of this request, created when there is none, holding a CSRF token. */
    void ensureAnonymous(HttpRequest<?> request) {
        Session session = SessionForRequest.findOrCreate(request, sessionStore);
        if (session.get(csrfAttribute, String.class).isEmpty()) {
            session.put(csrfAttribute, csrfTokenGenerator.generateCsrfToken(request));
        }
    }

    /** Replaces the request's session by a new one of {@code operator}, with a new CSRF token. */
    void signIn(HttpRequest<?> request, String operator) {
        SessionForRequest.find(request).ifPresent(old -> sessionStore.deleteSession(old.getId()));
        Session session = SessionForRequest.create(sessionStore, request);
        session.put(OPERATOR, operator);
        session.put(csrfAttribute, csrfTokenGenerator.generateCsrfToken(request));
    }

    void signOut(HttpRequest<?> request) {
        SessionForRequest.find(request).ifPresent(session -> {
            sessionStore.deleteSession(session.getId());
            request.getAttributes().remove(HttpSessionFilter.SESSION_ATTRIBUTE);
        });
    }
}
