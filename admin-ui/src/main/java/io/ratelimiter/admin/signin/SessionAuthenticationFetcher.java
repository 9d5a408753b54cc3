package io.ratelimiter.admin.signin;

import io.micronaut.core.async.publisher.Publishers;
import io.micronaut.http.HttpRequest;
import io.micronaut.security.authentication.Authentication;
import io.micronaut.security.filters.AuthenticationFetcher;
import jakarta.inject.Singleton;
import java.util.Optional;
import org.reactivestreams.Publisher;

/**
 * Tells micronaut-security who the request is from: the operator its session signed in, with the roles the account
 * holds now. A disabled account's session ends at its next request (within {@link Accounts#RECHECK}).
 */
@Singleton
final class SessionAuthenticationFetcher implements AuthenticationFetcher<HttpRequest<?>> {

    private final OperatorSessions sessions;
    private final Accounts accounts;

    SessionAuthenticationFetcher(OperatorSessions sessions, Accounts accounts) {
        this.sessions = sessions;
        this.accounts = accounts;
    }

    /** Answers at once, on the request's own thread: it reads the session and the accounts as last read. */
    @Override
    public Publisher<Authentication> fetchAuthentication(HttpRequest<?> request) {
        return authenticate(request).map(Publishers::just).orElseGet(Publishers::empty);
    }

    private Optional<Authentication> authenticate(HttpRequest<?> request) {
        Optional<OperatorSessions.SignedIn> signedIn = sessions.current(request);
        if (signedIn.isEmpty()) {
            return Optional.empty();
        }
        OperatorSessions.SignedIn current = signedIn.get();
        Optional<String> role = accounts.roleNow(current.operator(), current.role());
        if (role.isEmpty()) {
            sessions.end(request);
            return Optional.empty();
        }
        if (!role.get().equals(current.role())) {
            sessions.changeRole(current.session(), role.get());
        }
        return Optional.of(Authentication.build(current.operator(), Roles.granted(role.get())));
    }
}
