package io.ratelimiter.limiter.internal.config;

import io.ratelimiter.limiter.config.RateLimiterConfiguration;

import io.micronaut.core.annotation.Nullable;
import io.ratelimiter.limiter.config.RateLimiterConfiguration.IdentityConfiguration.KeyBy;
import java.time.Duration;
import java.util.List;

/**
 * A route policy seeded into Redis when absent: {@code rate-limiter.routes.<name>.route=POST /shorten} and the same
 * policy properties as the default policy. Read by {@link RoutePolicies}.
 *
 * @param name  the policy's name, from the property key
 * @param keyBy who the client is on this route, where it differs from {@code rate-limiter.identity.key-by}; node
 *              configuration, not a Redis field, since the identity picks where the client's state lives before
 *              Redis is asked
 */
public record RoutePolicyProperties(String name, String route, String algorithm, List<String> limits,
                                    String onRedisFailure, boolean shadow, Duration denyCache, @Nullable KeyBy keyBy) {
}
