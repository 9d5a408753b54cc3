package io.ratelimiter.limiter.admin;

/** Redis did not answer an admin operation in time or refused it; nothing was changed, or the change is unknown. */
public final class RedisUnavailableException extends RuntimeException {

    public RedisUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
