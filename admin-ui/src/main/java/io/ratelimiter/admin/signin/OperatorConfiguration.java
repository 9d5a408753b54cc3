package io.ratelimiter.admin.signin;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.core.bind.annotation.Bindable;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;

/**
 * Who may sign in to the console (env: ADMIN_USERNAME, ADMIN_PASSWORD_HASH) and how failed attempts are throttled
 * (ADMIN_MAX_FAILED_SIGN_INS, ADMIN_SIGN_IN_LOCKOUT).
 *
 * @param username           the operator's name
 * @param passwordHash       the line {@code HashPassword} prints; without it nobody can sign in
 * @param maxFailedSignIns   failures allowed per username and per client address before both are locked out
 * @param signInLockout      how long the failures count, and how long a lockout lasts
 */
@ConfigurationProperties("admin")
record OperatorConfiguration(@Bindable(defaultValue = "admin") @NotBlank String username,
                             @Nullable String passwordHash,
                             @Bindable(defaultValue = "5") @Min(1) @Max(1000) int maxFailedSignIns,
                             @Bindable(defaultValue = "15m") @NotNull Duration signInLockout) {
}
