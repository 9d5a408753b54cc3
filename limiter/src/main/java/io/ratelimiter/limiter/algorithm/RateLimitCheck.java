package io.ratelimiter.limiter.algorithm;

import io.ratelimiter.limiter.policy.FailureMode;
import io.ratelimiter.limiter.redis.KeySpace;
import io.ratelimiter.limiter.redis.LuaScript;
import io.ratelimiter.limiter.redis.RedisPort;
import jakarta.inject.Singleton;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * One round trip to Redis per request: EVALSHA of check.lua with the algorithms prepended. No failure handling
 * here; see the failure package for timeouts, the circuit breaker and fail-open.
 */
@Singleton
public final class RateLimitCheck {

    /** The check script: every algorithm, then the policy read and decision that dispatches to them. */
    public static final LuaScript SCRIPT = LuaScript.fromResources("check",
            "algorithms/prelude.lua", "algorithms/sliding_log.lua", "algorithms/sliding_window.lua",
            "algorithms/fixed_window.lua", "algorithms/token_bucket.lua", "algorithms/gcra.lua", "check.lua");

    private final RedisPort redis;
    private final KeySpace keys;

    RateLimitCheck(RedisPort redis, KeySpace keys) {
        this.redis = redis;
        this.keys = keys;
    }

    /**
     * Decides whether {@code identity} may make a request to {@code route} now, and counts it if so.
     *
     * @param route method and route template, e.g. {@code GET /{code}}
     */
    public CompletableFuture<Decision> check(String identity, String route) {
        return redis.eval(SCRIPT, keys.checkKeys(identity, route), List.of(identity, route)).thenApply(RateLimitCheck::decision);
    }

    static Decision decision(List<Object> reply) {
        int status = (int) (long) (Long) reply.get(0);
        String scope = (String) reply.get(1);
        String policy = (String) reply.get(2);
        FailureMode onFailure = FailureMode.fromName((String) reply.get(3));
        boolean shadow = (Long) reply.get(4) == 1;
        Decision.Outcome outcome = switch (status) {
            case 1 -> Decision.Outcome.ALLOWED;
            case 0 -> Decision.Outcome.DENIED;
            case 2 -> Decision.Outcome.SHADOW_DENIED;
            case 3 -> Decision.Outcome.ALWAYS_ALLOWED;
            case 4 -> Decision.Outcome.BLOCKED;
            default -> Decision.Outcome.NO_POLICY;
        };
        int count = (reply.size() - 5) / 6;
        List<Decision.LimitState> limits = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            int at = 5 + i * 6;
            long windowMs = (Long) reply.get(at + 1);
            String name = count == 1 ? policy : policy + "-" + windowLabel(windowMs);
            limits.add(new Decision.LimitState(name, (Long) reply.get(at), windowMs, (Long) reply.get(at + 2),
                    (Long) reply.get(at + 3), (Long) reply.get(at + 4), (Long) reply.get(at + 5) == 1));
        }
        return new Decision(outcome, scope, policy, onFailure, List.copyOf(limits));
    }

    private static String windowLabel(long ms) {
        if (ms % 86_400_000 == 0) {
            return ms / 86_400_000 + "d";
        }
        if (ms % 3_600_000 == 0) {
            return ms / 3_600_000 + "h";
        }
        if (ms % 60_000 == 0) {
            return ms / 60_000 + "m";
        }
        return ms % 1000 == 0 ? ms / 1000 + "s" : ms + "ms";
    }
}
