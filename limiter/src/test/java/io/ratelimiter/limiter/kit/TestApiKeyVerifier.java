package io.ratelimiter.limiter.kit;

import io.micronaut.context.annotation.Requires;
import io.ratelimiter.limiter.identity.ApiKeyVerifier;
import jakarta.inject.Singleton;

/** A service's verifier as it might be written: here, the keys it issued are the ones starting with {@code known-}. */
@Singleton
@Requires(property = "test.api-key-verifier", value = "true")
final class TestApiKeyVerifier implements ApiKeyVerifier {

    @Override
    public boolean isKnown(String apiKey) {
        return apiKey.startsWith("known-");
    }
}
