package io.ratelimiter.limiter.identity;

import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpRequest;
import io.ratelimiter.limiter.config.RateLimiterConfiguration;
import jakarta.inject.Singleton;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The client's address: the socket peer, unless the peer is a trusted proxy, in which case the forwarding headers are
 * read right to left and the first address that is not a trusted proxy wins (the left part of X-Forwarded-For is
 * whatever the client sent, so it is never believed on its own). Micronaut's own {@code HttpClientAddressResolver}
 * takes the first entry, which any client can forge; hence this class. Header values count only as IP literals.
 * Public: a service (the console's sign-in, say) that needs the address the limiter counts uses this.
 */
@Singleton
public final class ClientAddressResolver {

    private final TrustedProxies trusted;

    ClientAddressResolver(RateLimiterConfiguration configuration) {
        this.trusted = new TrustedProxies(configuration.getTrustedProxies());
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
            InetAddress hop = IpAddresses.parseForwarded(hops.get(i));
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

    /** The client's address as text in one form: IPv4 dotted, IPv6 per RFC 5952 ({@code 2001:db8::1}), exact. */
    public String addressText(HttpRequest<?> request) {
        return IpAddresses.identity(address(request), 128);
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
}
