package io.ratelimiter.limiter.identity;

import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpRequest;
import io.ratelimiter.limiter.config.RateLimiterConfiguration;
import io.ratelimiter.limiter.config.RateLimiterConfiguration.IdentityConfiguration.KeyBy;
import io.ratelimiter.limiter.config.RoutePolicyProperties;
import io.ratelimiter.limiter.policy.Route;
import jakarta.inject.Singleton;
import java.net.InetAddress;
import java.security.Principal;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Who is asking. By default the client's address: the socket peer, unless the peer is a trusted proxy, in which
 * case the forwarding headers are read right to left and the first address that is not a trusted proxy wins (the
 * left part of X-Forwarded-For is whatever the client sent, so it is never believed on its own). Micronaut's own
 * {@code HttpClientAddressResolver} takes the first entry, which any client can forge; hence this class.
 *
 * <p>With {@code key-by: api-key} or {@code user}, the API key header or the authenticated user identifies the
 * client instead, as {@code key:<key>} or {@code user:<name>}; requests without one fall back to the address. A
 * configured route policy may say its own {@code key-by}, which holds on that route.
 */
@Singleton
public final class ClientIdentityResolver {

    private static final int MAX_IDENTITY = 190;

    private final TrustedProxies trusted;
    private final KeyBy keyBy;
    private final Map<String, KeyBy> keyByRoute;
    private final String apiKeyHeader;

    ClientIdentityResolver(RateLimiterConfiguration configuration, List<RoutePolicyProperties> routes) {
        this.trusted = new TrustedProxies(configuration.getTrustedProxies());
        this.keyBy = configuration.getIdentity().getKeyBy();
        this.keyByRoute = routes.stream().filter(route -> route.keyBy() != null)
                .collect(Collectors.toUnmodifiableMap(route -> Route.parse(route.route()).toString(), RoutePolicyProperties::keyBy));
        this.apiKeyHeader = configuration.getIdentity().getApiKeyHeader();
    }

    /** The client of a request to {@code route} (method and route template, as the filter names it). */
    public String resolve(HttpRequest<?> request, String route) {
        KeyBy keyBy = keyByRoute.getOrDefault(route, this.keyBy);
        if (keyBy == KeyBy.API_KEY) {
            Optional<String> key = request.getHeaders().get(apiKeyHeader, String.class).map(String::trim);
            if (key.isPresent() && usable(key.get())) {
                return "key:" + key.get();
            }
        } else if (keyBy == KeyBy.USER) {
            Optional<String> user = request.getUserPrincipal().map(Principal::getName);
            if (user.isPresent() && usable(user.get())) {
                return "user:" + user.get();
            }
        }
        return address(request).getHostAddress();
    }

    /** The client's address: the peer, or the right-most untrusted hop its trusted proxies reported. */
    public InetAddress address(HttpRequest<?> request) {
        InetAddress peer = request.getRemoteAddress().getAddress();
        if (peer == null || !trusted.contains(peer)) {
            return peer == null ? InetAddress.getLoopbackAddress() : peer;
        }
        List<String> hops = forwardedHops(request);
        InetAddress client = peer;
        for (int i = hops.size() - 1; i >= 0; i--) {
            InetAddress hop = IpLiterals.parseForwarded(hops.get(i));
            if (hop == null) {
                // An unparsable hop breaks the chain: nothing left of it can be attributed to a trusted proxy.
                return client;
            }
            client = hop;
            if (!trusted.contains(hop)) {
                return hop;
            }
        }
        return client;
    }

    private static List<String> forwardedHops(HttpRequest<?> request) {
        List<String> hops = new ArrayList<>();
        HttpHeaders headers = request.getHeaders();
        List<String> xff = headers.getAll("X-Forwarded-For");
        if (!xff.isEmpty()) {
            for (String value : xff) {
                for (String part : value.split(",")) {
                    hops.add(part);
                }
            }
            return hops;
        }
        for (String value : headers.getAll("Forwarded")) {
            for (String element : value.split(",")) {
                for (String pair : element.split(";")) {
                    String trimmed = pair.trim();
                    if (trimmed.toLowerCase(Locale.ROOT).startsWith("for=")) {
                        hops.add(trimmed.substring(4));
                    }
                }
            }
        }
        return hops;
    }

    private static boolean usable(String value) {
        return !value.isEmpty() && value.length() <= MAX_IDENTITY && value.chars().noneMatch(c -> c <= ' ' || c == 127);
    }
}
