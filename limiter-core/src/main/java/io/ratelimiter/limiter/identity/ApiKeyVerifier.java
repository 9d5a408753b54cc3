package io.ratelimiter.limiter.identity;

/**
 * Says which API keys are real. A service that knows its keys provides a bean of this type; a request with a known
 * key is then limited as that key's client alone. Without one, every key is unknown, and a request with one counts
 * against its key <em>and</em> its address, so a client that invents a new key per request gains nothing by it.
 *
 * <p>Called on the request path for every request that carries a key: answer from memory (a cache), never by a
 * blocking call.
 */
@FunctionalInterface
public interface ApiKeyVerifier {

    /** Whether {@code apiKey} is one the service issued and still honours. */
    boolean isKnown(String apiKey);
}
