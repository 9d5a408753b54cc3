package io.ratelimiter.limiter.internal.traffic;

import io.micronaut.context.annotation.Requires;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.TaskScheduler;
import io.ratelimiter.limiter.Decision;
import io.ratelimiter.limiter.internal.redis.KeySpace;
import io.ratelimiter.limiter.internal.redis.LuaScript;
import io.ratelimiter.limiter.internal.redis.RedisPort;
import io.ratelimiter.limiter.time.LimiterClock;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Named;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the console shows of traffic, gathered on the node and written to Redis once a second instead of on every
 * request: decisions per second (added into totals every node shares), how often each window was denied (a denied
 * request costs Redis no write), and the removal of windows whose state expired. So the check stays lean, and the
 * console's numbers are at most a second or two behind.
 */
@Singleton
@Requires(beans = RedisPort.class)
public final class TrafficRecorder {

    /** How long the per-second totals are kept: the console's charts span up to this. */
    public static final Duration RETENTION = Duration.ofMinutes(10);
    private static final Logger LOG = LoggerFactory.getLogger(TrafficRecorder.class);
    private static final int MAX_DENIED_WINDOWS = 10_000;
    private static final LuaScript TOTALS = LuaScript.fromResources("stats_flush", "admin/clock.lua", "admin/stats_flush.lua");
    private static final LuaScript DENIALS = LuaScript.fromResources("denials_flush", "admin/denials_flush.lua");
    private static final LuaScript CLEANUP = LuaScript.fromResources("cleanup", "admin/clock.lua", "admin/cleanup.lua");

    private final RedisPort redis;
    private final KeySpace keys;
    private final LimiterClock clock;
    private final LongAdder allowed = new LongAdder();
    private final LongAdder denied = new LongAdder();
    private final LongAdder shadowDenied = new LongAdder();
    /** Per bucket: window ("<identity> <scope>") to denials since the last flush. */
    private final List<Map<String, LongAdder>> denials = new ArrayList<>();
    private final AtomicBoolean flushing = new AtomicBoolean();
    private final ScheduledFuture<?> schedule;

    TrafficRecorder(RedisPort redis, KeySpace keys, LimiterClock clock,
                    @Named(TaskExecutors.SCHEDULED) TaskScheduler scheduler) {
        this.redis = redis;
        this.keys = keys;
        this.clock = clock;
        for (int bucket = 0; bucket < keys.buckets(); bucket++) {
            denials.add(new ConcurrentHashMap<>());
        }
        this.schedule = scheduler.scheduleAtFixedRate(Duration.ofSeconds(1), Duration.ofSeconds(1), this::flush);
    }

    @PreDestroy
    void stop() {
        schedule.cancel(false);
    }

    /** Counts a decision this node made (by Redis or on its own). */
    public void record(String identity, Decision decision) {
        switch (decision.outcome()) {
            case ALLOWED, ALWAYS_ALLOWED, NO_POLICY, FAILED_OPEN, POLICY_ERROR_OPEN -> allowed.increment();
            case SHADOW_DENIED -> shadowDenied.increment();
            case DENIED, BLOCKED -> {
                denied.increment();
                if (decision.outcome() == Decision.Outcome.DENIED) {
                    Map<String, LongAdder> bucket = denials.get(keys.bucketOf(identity));
                    if (bucket.size() < MAX_DENIED_WINDOWS || bucket.containsKey(identity + ' ' + decision.scope())) {
                        bucket.computeIfAbsent(identity + ' ' + decision.scope(), window -> new LongAdder()).increment();
                    }
                }
            }
            default -> {
                // Shed and fail-closed answers are the node's, not the limits': they show in its metrics.
            }
        }
    }

    /** Writes what was gathered since the last flush, then removes expired windows. */
    public void flush() {
        if (!flushing.compareAndSet(false, true)) {
            return;
        }
        try {
            String now = clock.decisionMicros().isPresent() ? Long.toString(clock.decisionMicros().getAsLong()) : "";
            long a = allowed.sumThenReset();
            long d = denied.sumThenReset();
            long s = shadowDenied.sumThenReset();
            if (a + d + s > 0) {
                redis.eval(TOTALS, List.of(keys.decisionTotals()), List.of(now, Long.toString(a), Long.toString(d),
                        Long.toString(s), Long.toString(RETENTION.toSeconds()))).orTimeout(2, TimeUnit.SECONDS).join();
            }
            for (int bucket = 0; bucket < keys.buckets(); bucket++) {
                Map<String, LongAdder> counts = denials.get(bucket);
                if (!counts.isEmpty()) {
                    List<String> args = new ArrayList<>(List.of(Long.toString(System.currentTimeMillis())));
                    for (String window : List.copyOf(counts.keySet())) {
                        LongAdder count = counts.remove(window);
                        args.add(window);
                        args.add(Long.toString(count.sum()));
                    }
                    redis.eval(DENIALS, List.of(keys.state(bucket)), args).orTimeout(2, TimeUnit.SECONDS).join();
                }
                List<String> cleanupArgs = List.of(now, "1000");
                redis.eval(CLEANUP, keys.stateKeys(bucket), cleanupArgs).orTimeout(2, TimeUnit.SECONDS).join();
            }
        } catch (RuntimeException e) {
            LOG.debug("rate-limiter: traffic flush failed ({}); its counts for this second are lost", e.toString());
        } finally {
            flushing.set(false);
        }
    }
}
