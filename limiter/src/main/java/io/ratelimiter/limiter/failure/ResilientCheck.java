package io.ratelimiter.limiter.failure;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.ratelimiter.limiter.algorithm.Decision;
import io.ratelimiter.limiter.algorithm.RateLimitCheck;
import io.ratelimiter.limiter.config.ConfiguredPolicies;
import io.ratelimiter.limiter.config.PolicySeeder;
import io.ratelimiter.limiter.config.RateLimiterConfiguration;
import io.ratelimiter.limiter.policy.FailureMode;
import io.ratelimiter.limiter.redis.KeySpace;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A check that always answers, fast: bounded by the configured timeout, skipped while the circuit breaker is open,
 * and when Redis cannot answer, decided by the route's failure behaviour (fail open unless the policy says deny).
 * Counts every decision, times every Redis check, and logs fail-open decisions at most once per interval.
 *
 * <p>While Redis is away the route's behaviour comes from what Redis said at the route's last check, else from
 * this node's configuration: the one thing a node remembers about policies, and only used when Redis is gone.
 */
@Singleton
public final class ResilientCheck {

    private static final Logger LOG = LoggerFactory.getLogger(ResilientCheck.class);
    private static final long LOG_INTERVAL_NANOS = Duration.ofSeconds(10).toNanos();
    private static final int MAX_REMEMBERED_ROUTES = 10_000;

    private final RateLimitCheck check;
    private final ConfiguredPolicies configured;
    private final PolicySeeder seeder;
    /**
     * One breaker per key-space bucket: on a Redis Cluster a failed master opens only the breakers of its own
     * buckets, and clients whose buckets live on healthy masters keep being limited. Standalone Redis has one bucket.
     */
    private final CircuitBreaker[] breakers;
    private final KeySpace keySpace;
    private final AtomicInteger openBreakers = new AtomicInteger();
    private final long timeoutNanos;
    private final int threshold;
    private final Duration coolDown;
    private final MeterRegistry meters;
    private final Timer latency;
    private final Counter failOpen;
    private final Map<String, FailureMode> lastKnownFailureMode = new ConcurrentHashMap<>();
    /** Looking a counter up by name and tags on every request costs more than the rest of the bookkeeping. */
    private final Map<String, Counter> decisions = new ConcurrentHashMap<>();
    private final AtomicLong lastFailureLog = new AtomicLong(System.nanoTime() - LOG_INTERVAL_NANOS);
    private final AtomicLong unloggedFailures = new AtomicLong();

    ResilientCheck(RateLimitCheck check, ConfiguredPolicies configured, PolicySeeder seeder, KeySpace keySpace,
                   RateLimiterConfiguration configuration, MeterRegistry meters) {
        this.check = check;
        this.configured = configured;
        this.seeder = seeder;
        this.keySpace = keySpace;
        this.breakers = new CircuitBreaker[keySpace.buckets()];
        for (int bucket = 0; bucket < breakers.length; bucket++) {
            breakers[bucket] = new CircuitBreaker(configuration.getBreaker().getFailureThreshold(),
                    configuration.getBreaker().getCoolDown(), System::nanoTime);
        }
        this.timeoutNanos = configuration.getTimeout().toNanos();
        this.threshold = configuration.getBreaker().getFailureThreshold();
        this.coolDown = configuration.getBreaker().getCoolDown();
        this.meters = meters;
        this.latency = Timer.builder("ratelimiter.check.latency")
                .description("Time a rate-limit check waited for Redis")
                .publishPercentileHistogram()
                .register(meters);
        this.failOpen = Counter.builder("ratelimiter.fail.open")
                .description("Requests let through because Redis could not be asked")
                .register(meters);
    }

    /** Never completes exceptionally. */
    public CompletableFuture<Decision> check(String identity, String route) {
        CircuitBreaker breaker = breakers[keySpace.bucketOf(identity)];
        if (!breaker.tryAcquire()) {
            return CompletableFuture.completedFuture(failed(identity, route, "circuit breaker open"));
        }
        long started = System.nanoTime();
        CompletableFuture<Decision> asked = check.check(identity, route);
        return asked.orTimeout(timeoutNanos, TimeUnit.NANOSECONDS).handle((decision, failure) -> {
            latency.record(System.nanoTime() - started, TimeUnit.NANOSECONDS);
            if (failure != null) {
                asked.cancel(false);
                if (breaker.onFailure() && openBreakers.incrementAndGet() == 1) {
                    LOG.warn("rate-limiter: Redis failed {} checks in a row ({}); not asking it for {}{}",
                            threshold, failure.toString(), coolDown,
                            breakers.length > 1 ? " for the clients of the buckets that fail" : "");
                }
                return failed(identity, route, failure.toString());
            }
            if (breaker.onSuccess() && openBreakers.decrementAndGet() == 0) {
                LOG.info("rate-limiter: Redis answers again; limiting resumed");
            }
            if (decision.outcome() == Decision.Outcome.NO_POLICY) {
                seeder.seedIfDue();
            } else if (!decision.policy().isEmpty() && lastKnownFailureMode.get(route) != decision.onRedisFailure()
                    && lastKnownFailureMode.size() < MAX_REMEMBERED_ROUTES) {
                lastKnownFailureMode.put(route, decision.onRedisFailure());
            }
            return counted(decision);
        });
    }

    private Decision failed(String identity, String route, String reason) {
        FailureMode mode = lastKnownFailureMode.getOrDefault(route, configured.onRedisFailure(route));
        Decision decision = Decision.failed(mode);
        if (decision.outcome() == Decision.Outcome.FAILED_OPEN) {
            failOpen.increment();
        }
        long suppressed = unloggedFailures.incrementAndGet();
        long last = lastFailureLog.get();
        long now = System.nanoTime();
        if (now - last >= LOG_INTERVAL_NANOS && lastFailureLog.compareAndSet(last, now)) {
            unloggedFailures.addAndGet(-suppressed);
            LOG.warn("rate-limiter: Redis not asked ({}); client={} route={} decision={} ({} such decisions since the last line)",
                    reason, identity, route, decision.outcome(), suppressed);
        }
        return counted(decision);
    }

    private Decision counted(Decision decision) {
        String policy = decision.policy().isEmpty() ? "none" : decision.policy();
        decisions.computeIfAbsent(decision.outcome().name() + '\n' + policy, key -> Counter.builder("ratelimiter.decisions")
                .description("Rate-limit decisions by outcome and policy")
                .tag("outcome", decision.outcome().name().toLowerCase(Locale.ROOT))
                .tag("policy", policy)
                .register(meters)).increment();
        return decision;
    }
}
