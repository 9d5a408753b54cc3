package io.ratelimiter.limiter.internal.check;

import io.ratelimiter.limiter.Decision;

import io.ratelimiter.limiter.policy.FailureMode;
import io.ratelimiter.limiter.policy.Limit;
import io.ratelimiter.limiter.internal.redis.KeySpace;
import io.ratelimiter.limiter.internal.redis.LuaScript;
import io.ratelimiter.limiter.internal.redis.RedisPort;
import io.ratelimiter.limiter.internal.sync.PolicySync;
import io.ratelimiter.limiter.time.LimiterClock;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * One round trip to Redis per request: EVALSHA of check.lua with the algorithms prepended. No failure handling
 * here; see the failure package for timeouts, the circuit breaker and fail-open.
 */
@Singleton
public final class RateLimitCheck {

    /** How policies and state are stored: prepended to every script that reads or writes them. */
    public static final String PRELUDE = "algorithms/prelude.lua";

    /** The algorithm files, in the order every script that decides or reads windows prepends them. */
    public static final String[] ALGORITHMS = {PRELUDE, "algorithms/gcra.lua",
            "algorithms/fixed_window.lua", "algorithms/sliding_window.lua", "algorithms/sliding_log.lua"};

    /** The check script: every algorithm, then the policy read and decision that dispatches to them. */
    public static final LuaScript SCRIPT = LuaScript.fromResources("check", with(ALGORITHMS, "check.lua"));

    private final RedisPort redis;
    private final KeySpace keys;
    private final LimiterClock clock;
    private final PolicySync sync;

    RateLimitCheck(RedisPort redis, KeySpace keys, LimiterClock clock, PolicySync sync) {
        this.redis = redis;
        this.keys = keys;
        this.clock = clock;
        this.sync = sync;
    }

    /**
     * Decides whether {@code identity} may make a request to {@code route} now, and counts it if so. The script is
     * told the version of the shared policies this node last saw in the source; a bucket whose copy is older says so,
     * and the copy is repaired at once (the decision itself used the copy as it was).
     *
     * @param route method and route template, e.g. {@code GET /{code}}
     */
    public CompletableFuture<Decision> check(String identity, String route) {
        String now = clock.decisionMicros().isPresent() ? Long.toString(clock.decisionMicros().getAsLong()) : "";
        return redis.eval(SCRIPT, keys.checkKeys(identity, route), List.of(identity, route, sync.expectedVersion(), now))
                .thenApply(reply -> {
                    if ((Long) reply.get(6) == 1) {
                        sync.repairSoon();
                    }
                    return decision(reply);
                });
    }

    static Decision decision(List<Object> reply) {
        int status = (int) (long) (Long) reply.get(0);
        String scope = (String) reply.get(1);
        String policy = (String) reply.get(2);
        FailureMode onFailure = "d".equals(reply.get(3)) ? FailureMode.DENY : FailureMode.ALLOW;
        FailureMode routeFailure = "d".equals(reply.get(4)) ? FailureMode.DENY : FailureMode.ALLOW;
        boolean shadow = (Long) reply.get(5) == 1;
        long denyCache = (Long) reply.get(7);
        String problem = (String) reply.get(8);
        Decision.Outcome outcome = switch (status) {
            case 1 -> Decision.Outcome.ALLOWED;
            case 0 -> Decision.Outcome.DENIED;
            case 2 -> Decision.Outcome.SHADOW_DENIED;
            case 3 -> Decision.Outcome.ALWAYS_ALLOWED;
            case 4 -> Decision.Outcome.BLOCKED;
            case 6 -> onFailure == FailureMode.DENY ? Decision.Outcome.POLICY_ERROR_CLOSED : Decision.Outcome.POLICY_ERROR_OPEN;
            default -> Decision.Outcome.NO_POLICY;
        };
        int count = (reply.size() - 9) / 6;
        List<Decision.LimitState> limits = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            int at = 9 + i * 6;
            long windowMs = (Long) reply.get(at + 1);
            String name = count == 1 ? policy : policy + "-" + Limit.windowText(Duration.ofMillis(windowMs));
            limits.add(new Decision.LimitState(name, (Long) reply.get(at), windowMs, (Long) reply.get(at + 2),
                    (Long) reply.get(at + 3), (Long) reply.get(at + 4), (Long) reply.get(at + 5) == 1));
        }
        return new Decision(outcome, scope, policy, onFailure, routeFailure, shadow, denyCache, problem, limits);
    }

    private static String[] with(String[] first, String last) {
        String[] all = java.util.Arrays.copyOf(first, first.length + 1);
        all[first.length] = last;
        return all;
    }
}
