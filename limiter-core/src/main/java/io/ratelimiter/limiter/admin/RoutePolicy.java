package io.ratelimiter.limiter.admin;

import io.micronaut.serde.annotation.Serdeable;
import io.ratelimiter.limiter.policy.Policy;
import io.ratelimiter.limiter.policy.Route;

/** The policy of one route. */
@Serdeable
public record RoutePolicy(Route route, Policy policy) {
}
