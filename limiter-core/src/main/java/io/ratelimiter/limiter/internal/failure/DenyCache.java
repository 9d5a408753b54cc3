package io.ratelimiter.limiter.internal.failure;

import io.ratelimiter.limiter.Decision;
import io.ratelimiter.limiter.time.LimiterClock;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Denials a node may repeat without asking Redis, for policies that opt in ({@code deny-cache}), as envoy's
 * ratelimit keeps over-limit keys locally: after a denial with retry t, the client's next requests to the same route
 * are denied here for min(t, the policy's bound). A denial admits nobody, so this never lets anyone past a limit;
 * what it costs is that an operator's raise reaches that client up to the bound later. Bounded in size.
 */
final class DenyCache {

    private record Entry(Decision decision, long at, long until) {
    }

    private final Map<String, Entry> entries = new ConcurrentHashMap<>();
    private final int capacity;
    private final LimiterClock clock;

    DenyCache(int capacity, LimiterClock clock) {
        this.capacity = capacity;
        this.clock = clock;
    }

    void remember(String identity, String route, Decision denial) {
        long bound = Math.min(denial.denyCacheMs(), denial.retryAfterMs());
        if (bound <= 0) {
            return;
        }
        if (entries.size() >= capacity) {
            entries.keySet().stream().findAny().ifPresent(entries::remove);
        }
        long now = clock.nanoTime();
        entries.put(key(identity, route), new Entry(denial, now, now + bound * 1_000_000));
    }

    /** The denial to repeat, its waits shortened by the time since, or null: ask Redis. */
    Decision get(String identity, String route) {
        if (entries.isEmpty()) {
            return null;
        }
        String key = key(identity, route);
        Entry entry = entries.get(key);
        if (entry == null) {
            return null;
        }
        long now = clock.nanoTime();
        if (now >= entry.until()) {
            entries.remove(key, entry);
            return null;
        }
        return entry.decision().later((now - entry.at()) / 1_000_000);
    }

    private static String key(String identity, String route) {
        return identity + ' ' + route;
    }
}
