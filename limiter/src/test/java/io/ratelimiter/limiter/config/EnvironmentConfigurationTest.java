package io.ratelimiter.limiter.config;

import io.ratelimiter.limiter.internal.config.ConfiguredPolicies;

import static org.assertj.core.api.Assertions.assertThat;

import io.micronaut.context.ApplicationContext;
import io.micronaut.context.env.PropertySource;
import io.ratelimiter.limiter.LimiterTestNodes;
import io.ratelimiter.limiter.policy.Algorithm;
import io.ratelimiter.limiter.policy.Limit;
import io.ratelimiter.limiter.policy.Policy;
import io.ratelimiter.limiter.policy.Route;
import io.ratelimiter.realservers.RealServers;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Policies configured the way compose files and Terraform configure nodes: environment variables, read with the same
 * naming convention Micronaut applies to the real environment.
 */
class EnvironmentConfigurationTest {

    @Test
    void aRoutePolicyConfiguredInTheEnvironmentIsConfigured() {
        Map<String, Object> environment = Map.of(
                "REDIS_URI", RealServers.redis().uri(),
                "RATE_LIMITER_KEY_PREFIX", LimiterTestNodes.uniquePrefix("env"),
                "RATE_LIMITER_ROUTES_LINKS_ROUTE", "GET /{code}",
                "RATE_LIMITER_ROUTES_LINKS_ALGORITHM", "gcra",
                "RATE_LIMITER_ROUTES_LINKS_LIMITS", "2/1d",
                "RATE_LIMITER_DEFAULT_POLICY_LIMITS", "10/1m,1000/1d");
        try (ApplicationContext node = ApplicationContext.builder()
                .propertySources(PropertySource.of("environment", environment, PropertySource.PropertyConvention.ENVIRONMENT_VARIABLE))
                .start()) {
            ConfiguredPolicies configured = node.getBean(ConfiguredPolicies.class);

            assertThat(configured.routes()).containsEntry(Route.parse("GET /{code}"),
                    Policy.of("links", Algorithm.GCRA, Limit.parse("2/1d")));
            assertThat(configured.defaultPolicy().limits())
                    .containsExactly(Limit.of(10, Duration.ofMinutes(1)), Limit.of(1000, Duration.ofDays(1)));
            assertThat(configured.routes()).hasSize(1);
            assertThat(List.copyOf(configured.routes().keySet())).extracting(Route::toString).containsExactly("GET /{code}");
        }
    }
}
