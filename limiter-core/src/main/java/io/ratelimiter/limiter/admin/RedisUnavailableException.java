package io.ratelimiter.limiter.admin;

/**
 * Redis did not answer an admin operation in time or refused it. Whether a write took effect is told by
 * {@link #outcomeUnknown()}: a command Redis refused, or one never sent because the connection was down, changed
 * nothing; a command that was sent and not answered (a timeout, a connection lost mid-flight) may still have been
 * applied, so an audit must not record it as failed.
 */
public final class RedisUnavailableException extends RuntimeException {

    private final boolean outcomeUnknown;

    public RedisUnavailableException(String message, Throwable cause, boolean outcomeUnknown) {
        super(message, cause);
        this.outcomeUnknown = outcomeUnknown;
    }

    /** Whether the operation may have been applied although it did not complete: the command may have run. */
    public boolean outcomeUnknown() {
        return outcomeUnknown;
    }
}
