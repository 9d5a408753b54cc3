package io.ratelimiter.limiter.config;

import io.micronaut.context.annotation.EachProperty;
import io.micronaut.context.annotation.Parameter;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.core.bind.annotation.Bindable;
import jakarta.validation.constraints.NotNull;
import io.ratelimiter.limiter.config.RateLimiterConfiguration.IdentityConfiguration.KeyBy;
import java.util.List;

/**
 * A route policy seeded into Redis when absent: {@code rate-limiter.routes.<name>.route=POST /shorten} and the
 * same policy properties as the default policy.
 *
 * @param name the policy's name, from the property key
 * @param keyBy who the client is on this route, where it differs from {@code rate-limiter.identity.key-by}; node
 *              configuration, not a Redis field, since the identity picks where the client's state lives before
 *              Redis is asked
 */
@EachProperty("rate-limiter.routes")
public record RoutePolicyProperties(@Parameter String name,
                                    @NotNull String route,
                                    @Bindable(defaultValue = "sliding_window") @NotNull String algorithm,
                                    @Bindable(defaultValue = "100/60s") @NotNull List<String> limits,
                                    @Bindable(defaultValue = "allow") @NotNull String onRedisFailure,
                                    @Bindable(defaultValue = "false") boolean shadow,
                                    @Nullable KeyBy keyBy) {
}
