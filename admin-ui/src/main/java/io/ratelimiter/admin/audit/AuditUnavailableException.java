package io.ratelimiter.admin.audit;

/**
 * The console's database (its audit and its operator accounts) did not answer, so the change or sign-in that needed
 * it was not made.
 */
public final class AuditUnavailableException extends RuntimeException {

    public AuditUnavailableException(Throwable cause) {
        super("the audit database cannot be reached: " + cause.getMessage(), cause);
    }
}
