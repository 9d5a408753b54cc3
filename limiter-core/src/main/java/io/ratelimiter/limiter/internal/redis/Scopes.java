package io.ratelimiter.limiter.internal.redis;

/**
 * Where the policy that counts a window came from, as the check script names it: a window is one client under one
 * scope, {@code "<identity> <scope>"}, the scope being {@value #CLIENT}, {@value #DEFAULT} or the route.
 */
public final class Scopes {

    public static final String CLIENT = "client";
    public static final String DEFAULT = "default";

    private Scopes() {
    }

    /** The policy hash field a scope's policy is stored under. */
    public static String policyField(String identity, String scope) {
        return switch (scope) {
            case CLIENT -> clientField(identity);
            case DEFAULT -> DEFAULT;
            default -> routeField(scope);
        };
    }

    public static String clientField(String identity) {
        return "client:" + identity;
    }

    public static String routeField(String route) {
        return "route:" + route;
    }
}
