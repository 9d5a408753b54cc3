package io.ratelimiter.limiter.identity;

import io.micronaut.http.HttpRequest;

/**
 * Who a request is from, as the limiter counts it: the service's own say, in the way Spring Cloud Gateway's
 * {@code KeyResolver} is. The limiter's {@link DefaultClientIdentityResolver} counts addresses, API keys or users as
 * configured; a service replaces it with a bean of its own ({@code @Replaces(DefaultClientIdentityResolver.class)})
 * to count tenants, say. Identities it returns should be in {@link ClientIdentities}' forms, so that operators find
 * them in the console; they must hold no spaces and at most 200 characters.
 */
@FunctionalInterface
public interface ClientIdentityResolver {

    /**
     * @param route the route as the limiter names it: method and route template, {@code GET /{code}}
     */
    ClientIdentity resolve(HttpRequest<?> request, String route);
}
