package io.ratelimiter.admin.audit;

import java.util.Locale;

/** What the audit knows of a change, or that a row is an event rather than a change. */
public enum Outcome {
    /** Written before the change is applied; stays the last word if the console died before writing an outcome. */
    PENDING,
    APPLIED,
    /** Certainly not applied: Redis refused it, or it was never sent. */
    FAILED,
    /** Sent but not confirmed (a timeout, a connection lost mid-flight): it may have been applied. */
    UNKNOWN,
    /** A sign-in, failed sign-in or sign-out. */
    EVENT;

    public String column() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Outcome of(String column) {
        return valueOf(column.toUpperCase(Locale.ROOT));
    }
}
