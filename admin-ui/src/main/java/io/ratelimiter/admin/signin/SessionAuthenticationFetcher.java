package io.ratelimiter.admin.signin;

import io.micronaut.core.async.publisher.Publishers;
import io.micronaut.http.HttpRequest;
import io.micronaut.security.authentication.Authentication;
import io.micronaut.security.filters.AuthenticationFetcher;
import jakarta.inject.Singleton;
import org.reactivestreams.Publisher;

/** Tells micronaut-security who the request is from: the operator its session signed in, if any. */
@Singleton
final class SessionAuthenticationFetcher implements AuthenticationFetcher<HttpRequest<?>> {

    @Override
    public Publisher<Authentication> fetchAuthentication(HttpRequest<?> request) {
        return OperatorSessions.operator(request)
                .map(name -> Publishers.just(Authentication.build(name)))
                .orElseGet(Publishers::empty);
    }
}
