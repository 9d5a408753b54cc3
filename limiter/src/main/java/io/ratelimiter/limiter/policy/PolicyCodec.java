package io.ratelimiter.limiter.policy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Policies as the fields of a Redis hash, the form check.lua reads: {@code name}, {@code algorithm},
 * {@code limits} ({@code quota:window_ms:burst}, comma-separated), {@code on_redis_failure}, {@code shadow}, and for
 * client rules {@code mode} ({@code limit|allow|block}).
 */
final class PolicyCodec {

    private PolicyCodec() {
    }

    static List<String> fields(Policy policy) {
        String limits = policy.limits().stream()
                .map(l -> l.quota() + ":" + l.window().toMillis() + ":" + l.burst())
                .collect(Collectors.joining(","));
        return List.of("name", policy.name(), "algorithm", policy.algorithm().wireName(), "limits", limits,
                "on_redis_failure", policy.onRedisFailure().wireName(), "shadow", policy.shadow() ? "1" : "0");
    }

    static List<String> fields(ClientRule rule) {
        List<String> fields = new ArrayList<>(List.of("mode", rule.mode().name().toLowerCase(Locale.ROOT)));
        if (rule.policy() != null) {
            fields.addAll(fields(rule.policy()));
        }
        return fields;
    }

    static Policy policy(Map<String, String> hash) {
        List<Limit> limits = new ArrayList<>();
        for (String limit : hash.getOrDefault("limits", "").split(",")) {
            String[] parts = limit.split(":");
            if (parts.length == 3) {
                limits.add(new Limit(Long.parseLong(parts[0]), Duration.ofMillis(Long.parseLong(parts[1])),
                        Long.parseLong(parts[2])));
            }
        }
        return new Policy(hash.get("name"), Algorithm.fromName(hash.get("algorithm")), limits,
                FailureMode.fromName(hash.getOrDefault("on_redis_failure", "allow")), "1".equals(hash.get("shadow")));
    }

    static ClientRule clientRule(String identity, Map<String, String> hash) {
        ClientRule.Mode mode = ClientRule.Mode.valueOf(hash.getOrDefault("mode", "limit").toUpperCase(Locale.ROOT));
        return new ClientRule(identity, mode, mode == ClientRule.Mode.LIMIT ? policy(hash) : null);
    }
}
