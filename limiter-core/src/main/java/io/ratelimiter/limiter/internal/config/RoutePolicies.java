package io.ratelimiter.limiter.internal.config;

import io.ratelimiter.limiter.config.RateLimiterConfiguration;

import io.micronaut.context.env.Environment;
import io.micronaut.core.type.Argument;
import io.micronaut.core.value.PropertyCatalog;
import io.ratelimiter.limiter.config.RateLimiterConfiguration.IdentityConfiguration.KeyBy;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

/**
 * The route policies under {@code rate-limiter.routes.<name>.*}, from any property source. Read here rather than by
 * {@code @EachProperty}, which (Micronaut 4.10, micronaut-core#10726) finds no entry under a hyphenated prefix when
 * it comes from environment variables, as in {@code RATE_LIMITER_ROUTES_LINKS_ROUTE}: compose files and Terraform
 * configure nodes that way. An entry is a route policy when it has a {@code route}.
 */
@Singleton
public final class RoutePolicies {

    private static final String PREFIX = "rate-limiter.routes";

    private final List<RoutePolicyProperties> all;

    RoutePolicies(Environment environment) {
        List<RoutePolicyProperties> routes = new ArrayList<>();
        for (String name : new TreeSet<>(environment.getPropertyEntries(PREFIX, PropertyCatalog.GENERATED))) {
            String at = PREFIX + "." + name + ".";
            environment.getProperty(at + "route", String.class).ifPresent(route -> routes.add(new RoutePolicyProperties(
                    name, route,
                    environment.getProperty(at + "algorithm", String.class).orElse("sliding_window"),
                    environment.getProperty(at + "limits", Argument.listOf(String.class)).orElse(List.of("100/60s")),
                    environment.getProperty(at + "on-redis-failure", String.class).orElse("allow"),
                    environment.getProperty(at + "shadow", Boolean.class).orElse(false),
                    environment.getProperty(at + "deny-cache", Duration.class).orElse(Duration.ZERO),
                    environment.getProperty(at + "key-by", KeyBy.class).orElse(null))));
        }
        this.all = List.copyOf(routes);
    }

    public List<RoutePolicyProperties> all() {
        return all;
    }
}
