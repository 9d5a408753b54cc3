package io.ratelimiter.admin.web;

import io.micronaut.http.HttpRequest;
import io.micronaut.security.authentication.Authentication;
import io.micronaut.session.Session;
import io.micronaut.session.http.SessionForRequest;
import io.ratelimiter.admin.audit.Actor;
import io.ratelimiter.limiter.identity.ClientAddressResolver;
import jakarta.inject.Singleton;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Who a request comes from, for the audit and the sign-in throttle: the address through the limiter's trusted-proxy
 * rules (rate-limiter.trusted-proxies), never a forwarded header on its own, and the session by a digest of its id.
 */
@Singleton
public final class Actors {

    private final ClientAddressResolver addresses;

    Actors(ClientAddressResolver addresses) {
        this.addresses = addresses;
    }

    public Actor of(HttpRequest<?> request, Authentication operator) {
        return as(request, operator.getName());
    }

    /** For requests without a signed-in operator (a sign-in attempt): the name the visitor typed. */
    public Actor as(HttpRequest<?> request, String name) {
        return new Actor(name, address(request), SessionForRequest.find(request).map(Session::getId)
                .map(Actors::sessionRef).orElse(""));
    }

    public String address(HttpRequest<?> request) {
        return addresses.addressText(request);
    }

    /** Twelve hex digits of the id's SHA-256: tells sessions apart in the audit, and cannot be used as a cookie. */
    public static String sessionRef(String sessionId) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(sessionId.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, 6);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK always has SHA-256", e);
        }
    }
}
