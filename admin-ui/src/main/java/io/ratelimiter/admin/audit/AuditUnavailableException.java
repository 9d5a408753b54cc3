package io.ratelimiter.admin.audit;

/** The audit database could not record a change, so the change was not made. */
public final class AuditUnavailableException extends RuntimeException {

    AuditUnavailableException(Throwable cause) {
        super("the audit database cannot be reached: " + cause.getMessage(), cause);
    }
}
