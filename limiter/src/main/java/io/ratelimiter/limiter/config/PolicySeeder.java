package io.ratelimiter.limiter.config;

import io.micronaut.context.annotation.Requires;
import io.micronaut.context.event.StartupEvent;
import io.micronaut.runtime.event.annotation.EventListener;
import io.ratelimiter.limiter.policy.PolicyStore;
import jakarta.inject.Singleton;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes the configured policies into Redis where Redis has none, never over an operator's edit. Runs at start-up,
 * and again whenever a check finds no policy at all (Redis restarted without persistence, or seeding failed while
 * Redis was away), at most once a second.
 */
@Singleton
@Requires(property = "rate-limiter.enabled", notEquals = "false")
public final class PolicySeeder {

    private static final Logger LOG = LoggerFactory.getLogger(PolicySeeder.class);
    private static final long MIN_INTERVAL_NANOS = 1_000_000_000L;

    private final PolicyStore store;
    private final ConfiguredPolicies configured;
    private final AtomicLong lastAttempt = new AtomicLong(System.nanoTime() - MIN_INTERVAL_NANOS);

    PolicySeeder(PolicyStore store, ConfiguredPolicies configured) {
        this.store = store;
        this.configured = configured;
    }

    @EventListener
    void onStartup(StartupEvent event) {
        seedIfDue();
    }

    /** Seeds unless an attempt was made within the last second. */
    public void seedIfDue() {
        long last = lastAttempt.get();
        long now = System.nanoTime();
        if (now - last < MIN_INTERVAL_NANOS || !lastAttempt.compareAndSet(last, now)) {
            return;
        }
        List<CompletableFuture<Boolean>> writes = new ArrayList<>();
        writes.add(store.putDefault(configured.defaultPolicy(), true));
        configured.routes().forEach((route, policy) -> writes.add(store.putRoute(route, policy, true)));
        CompletableFuture.allOf(writes.toArray(CompletableFuture[]::new)).whenComplete((done, failure) -> {
            if (failure != null) {
                LOG.warn("rate-limiter: could not seed the configured policies into Redis ({}); will retry when a check finds none",
                        failure.toString());
            } else if (writes.stream().anyMatch(CompletableFuture::join)) {
                LOG.info("rate-limiter: seeded configured policies where Redis had none (default {}, {} routes)",
                        configured.defaultPolicy().name(), configured.routes().size());
            }
        });
    }
}
