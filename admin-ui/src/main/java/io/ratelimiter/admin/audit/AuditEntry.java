package io.ratelimiter.admin.audit;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.data.annotation.GeneratedValue;
import io.micronaut.data.annotation.Id;
import io.micronaut.data.annotation.MappedEntity;
import io.micronaut.data.annotation.MappedProperty;
import java.time.Instant;

/**
 * One change an operator made: who, when, what, and the value before and after it, as the console showed them.
 *
 * @param action  what was done, e.g. {@code set route policy}
 * @param subject what it was done to, e.g. {@code POST /shorten} or a client identity
 */
@MappedEntity("audit_entry")
public record AuditEntry(@Id @GeneratedValue @Nullable Long id,
                         Instant at,
                         String operator,
                         String action,
                         String subject,
                         @MappedProperty("before_value") String before,
                         @MappedProperty("after_value") String after) {
}
