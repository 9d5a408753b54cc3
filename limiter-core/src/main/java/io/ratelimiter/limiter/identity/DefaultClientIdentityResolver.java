package io.ratelimiter.limiter.identity;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpRequest;
import io.ratelimiter.limiter.config.RateLimiterConfiguration;
import io.ratelimiter.limiter.config.RateLimiterConfiguration.IdentityConfiguration.KeyBy;
import io.ratelimiter.limiter.internal.config.RoutePolicies;
import io.ratelimiter.limiter.internal.config.RoutePolicyProperties;
import io.ratelimiter.limiter.policy.Route;
import jakarta.inject.Singleton;
import java.security.Principal;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The client by configuration: its address ({@link ClientAddressResolver}), or with {@code key-by: api-key} the
 * fingerprint of its API key, or with {@code key-by: user} the authenticated user; a request without the key or user
 * is its address. A configured route policy may say its own {@code key-by}, which holds on that route. A key no
 * {@link ApiKeyVerifier} vouches for (there is none unless the service provides one) counts against the address too.
 */
@Singleton
public final class DefaultClientIdentityResolver implements ClientIdentityResolver {

    private final ClientAddressResolver addresses;
    private final ClientIdentities identities;
    private final ApiKeyVerifier verifier;
    private final KeyBy keyBy;
    private final Map<String, KeyBy> keyByRoute;
    private final String apiKeyHeader;

    DefaultClientIdentityResolver(ClientAddressResolver addresses, ClientIdentities identities,
                                  @Nullable ApiKeyVerifier verifier, RateLimiterConfiguration configuration,
                                  RoutePolicies routes) {
        this.addresses = addresses;
        this.identities = identities;
        this.verifier = verifier;
        this.keyBy = configuration.getIdentity().getKeyBy();
        this.keyByRoute = routes.all().stream().filter(route -> route.keyBy() != null)
                .collect(Collectors.toUnmodifiableMap(route -> Route.parse(route.route()).toString(), RoutePolicyProperties::keyBy));
        this.apiKeyHeader = configuration.getIdentity().getApiKeyHeader();
        boolean keysCounted = keyBy == KeyBy.API_KEY || keyByRoute.containsValue(KeyBy.API_KEY);
        if (keysCounted && !identities.fingerprintsKeys()) {
            throw new IllegalStateException("rate-limiter: clients are told by API key, so rate-limiter.identity.api-key-secret "
                    + "(RATE_LIMITER_IDENTITY_API_KEY_SECRET) must be set: keys are kept only as fingerprints made with it");
        }
    }

    @Override
    public ClientIdentity resolve(HttpRequest<?> request, String route) {
        KeyBy by = keyByRoute.getOrDefault(route, keyBy);
        if (by == KeyBy.API_KEY) {
            Optional<String> key = request.getHeaders().get(apiKeyHeader, String.class).map(String::trim);
            if (key.isPresent() && usable(key.get())) {
                String client = identities.ofApiKey(key.get());
                return verifier != null && verifier.isKnown(key.get()) ? ClientIdentity.of(client)
                        : new ClientIdentity(client, address(request));
            }
        } else if (by == KeyBy.USER) {
            Optional<String> user = request.getUserPrincipal().map(Principal::getName);
            if (user.isPresent() && usable(user.get())) {
                return ClientIdentity.of(identities.ofUser(user.get()));
            }
        }
        return ClientIdentity.of(address(request));
    }

    private String address(HttpRequest<?> request) {
        return identities.ofAddress(addresses.address(request));
    }

    private static boolean usable(String value) {
        return !value.isEmpty() && value.length() <= ClientIdentities.MAX_NAME
                && value.chars().noneMatch(c -> c <= ' ' || c == 127);
    }
}
