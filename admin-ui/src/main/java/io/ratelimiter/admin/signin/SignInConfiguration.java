package io.ratelimiter.admin.signin;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.bind.annotation.Bindable;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;

/**
 * How sign-in attempts are throttled (ADMIN_SIGN_IN_*). Each account name and each source address may make a few
 * password checks freely; from then on each further check must wait for a delay that doubles, up to a cap: short for
 * an account (anyone can type its name, and must not lock its operator out for long), long for an address.
 *
 * @param freeAttemptsPerAccount password checks an account name gets before delays begin
 * @param freeAttemptsPerAddress password checks an address gets before delays begin
 * @param firstDelay             the first delay; each further check doubles it
 * @param maxDelayPerAccount     the longest an account name is made to wait
 * @param maxDelayPerAddress     the longest an address is made to wait
 * @param forgetAfter            attempts are forgotten this long after the last one (a sign-in forgets them at once)
 * @param concurrentChecks       password hashes computed at once, all console threads together
 * @param checkQueueWait         how long an attempt waits for a free hashing slot before it is turned away
 */
@ConfigurationProperties("admin.sign-in")
record SignInConfiguration(@Bindable(defaultValue = "5") @Min(1) @Max(1000) int freeAttemptsPerAccount,
                           @Bindable(defaultValue = "20") @Min(1) @Max(10000) int freeAttemptsPerAddress,
                           @Bindable(defaultValue = "1s") @NotNull Duration firstDelay,
                           @Bindable(defaultValue = "30s") @NotNull Duration maxDelayPerAccount,
                           @Bindable(defaultValue = "15m") @NotNull Duration maxDelayPerAddress,
                           @Bindable(defaultValue = "15m") @NotNull Duration forgetAfter,
                           @Bindable(defaultValue = "2") @Min(1) @Max(64) int concurrentChecks,
                           @Bindable(defaultValue = "2s") @NotNull Duration checkQueueWait) {
}
