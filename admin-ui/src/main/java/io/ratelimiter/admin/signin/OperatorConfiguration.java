package io.ratelimiter.admin.signin;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.core.bind.annotation.Bindable;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;

/**
 * The operator account configured in the environment (ADMIN_USERNAME, ADMIN_PASSWORD_HASH): an editor, for a first
 * sign-in before any account is in the database; an account of the same name in the database takes its place. And
 * how long a session may last at most (ADMIN_SESSION_LIFETIME), however busy it is.
 *
 * @param username        the configured operator's name
 * @param passwordHash    the line {@code HashPassword} prints; without it only database accounts can sign in
 * @param sessionLifetime a session ends this long after its sign-in, whatever it did meanwhile
 */
@ConfigurationProperties("admin")
record OperatorConfiguration(@Bindable(defaultValue = "admin") @NotBlank String username,
                             @Nullable String passwordHash,
                             @Bindable(defaultValue = "8h") @NotNull Duration sessionLifetime) {
}
