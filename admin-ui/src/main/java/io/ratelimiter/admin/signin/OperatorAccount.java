package io.ratelimiter.admin.signin;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.data.annotation.GeneratedValue;
import io.micronaut.data.annotation.Id;
import io.micronaut.data.annotation.MappedEntity;
import java.time.Instant;

/**
 * One version of an operator's account, as {@code ManageOperators} wrote it; the newest row of a name is the account.
 *
 * @param change what this row did: {@code add}, {@code reset password}, {@code disable}, {@code enable}, {@code role}
 */
@MappedEntity("operator_account")
record OperatorAccount(@Id @GeneratedValue @Nullable Long id,
                       String name,
                       String role,
                       String passwordHash,
                       boolean enabled,
                       Instant changedAt,
                       String change) {
}
