package io.ratelimiter.limiter.identity;

import io.micronaut.core.annotation.Nullable;

/**
 * Who is asking, as the limiter counts them.
 *
 * @param primary     the client whose policies decide and whose window the console shows
 * @param alsoCounted a second client the request counts against as well, or null: a request with an API key nobody
 *                    vouched for ({@link ApiKeyVerifier}) also counts against its address
 */
public record ClientIdentity(String primary, @Nullable String alsoCounted) {

    public static ClientIdentity of(String primary) {
        return new ClientIdentity(primary, null);
    }
}
