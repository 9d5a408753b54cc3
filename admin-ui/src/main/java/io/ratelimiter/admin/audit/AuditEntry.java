package io.ratelimiter.admin.audit;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.data.annotation.GeneratedValue;
import io.micronaut.data.annotation.Id;
import io.micronaut.data.annotation.MappedEntity;
import io.micronaut.data.annotation.MappedProperty;
import java.time.Instant;

/**
 * One row of the append-only audit: a change about to be made ({@code pending}), the outcome of one
 * ({@code applied}, {@code failed}, {@code unknown}, referring to its pending row), or a sign-in event.
 *
 * @param sourceAddress the operator's address, resolved through the trusted proxies as the limiter does
 * @param sessionRef    a short digest of the session id: names the session without being usable as one
 * @param action        what was done, e.g. {@code set route policy} or {@code sign in}
 * @param subject       what it was done to, e.g. {@code POST /shorten}, a client identity or an account
 * @param detail        for an outcome, why it failed or why it is not known
 */
@MappedEntity("audit_entry")
public record AuditEntry(@Id @GeneratedValue @Nullable Long id,
                         Instant at,
                         String operator,
                         String sourceAddress,
                         String sessionRef,
                         String action,
                         String subject,
                         @MappedProperty("before_value") String before,
                         @MappedProperty("after_value") String after,
                         String outcome,
                         String detail,
                         @Nullable Long refersTo) {
}
