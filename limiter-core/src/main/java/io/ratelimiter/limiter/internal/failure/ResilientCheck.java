package io.ratelimiter.limiter.internal.failure;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.netty.util.HashedWheelTimer;
import io.netty.util.Timeout;
import io.ratelimiter.limiter.Decision;
import io.ratelimiter.limiter.RateLimiter;
import io.ratelimiter.limiter.internal.check.RateLimitCheck;
import io.ratelimiter.limiter.internal.config.ConfiguredPolicies;
import io.ratelimiter.limiter.config.RateLimiterConfiguration;
import io.ratelimiter.limiter.identity.ClientIdentity;
import io.ratelimiter.limiter.policy.FailureMode;
import io.ratelimiter.limiter.internal.redis.KeySpace;
import io.ratelimiter.limiter.internal.sync.PolicySync;
import io.ratelimiter.limiter.time.LimiterClock;
import io.ratelimiter.limiter.internal.traffic.TrafficRecorder;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A check that always answers: the script's decision, or when Redis cannot give one, the failure mode of the policy
 * that applies; and never a request let through because this node is slow.
 *
 * <p>Redis is <em>away</em> when it refuses (connection down, an error reply) or when it answered nothing at all
 * for a whole {@code timeout} while this node was on time to hear it; only then does a route fail open (or closed,
 * as its policy says), and only such failures count towards the circuit breaker. A check whose answer is late while
 * Redis keeps answering other checks, while the event loops that read Redis' answers are behind ({@link EventLoopLag}),
 * while this node's timer itself ran late, or in the node's cold start, means the node is behind: the check
 * waits on, up to {@code shedding.max-wait}, and then the request is shed (503), as it is at once when
 * {@code shedding.max-pending} checks already wait. A node that sheds lets nobody past a limit.
 *
 * <p>While Redis is away the failure mode comes from what Redis said: a client rule's mode for that client, else the
 * mode of the route's own policy (or the default), remembered per route from earlier answers; before any answer,
 * this node's configuration. Counts every decision, times every check, logs fail-open decisions at most once per
 * interval, and answers a client it just saw denied from its deny cache when the policy allows it.
 */
@Singleton
public final class ResilientCheck implements RateLimiter {

    private static final Logger LOG = LoggerFactory.getLogger(ResilientCheck.class);
    private static final long LOG_INTERVAL_NANOS = Duration.ofSeconds(10).toNanos();
    private static final int MAX_REMEMBERED = 10_000;
    static final int WARM = 100;

    private final RateLimitCheck check;
    private final ConfiguredPolicies configured;
    private final PolicySync sync;
    private final TrafficRecorder traffic;
    private final LimiterClock clock;
    private final EventLoopLag loops;
    private final KeySpace keySpace;
    /**
     * One breaker per key-space bucket: on a Redis Cluster a failed master opens only the breakers of its own
     * buckets, and clients whose buckets live on healthy masters keep being limited. Standalone Redis has one bucket.
     */
    private final CircuitBreaker[] breakers;
    /** When a reply last came from each bucket's Redis (System.nanoTime): proof that Redis answers. */
    private final AtomicLongArray lastReply;
    private final AtomicInteger openBreakers = new AtomicInteger();
    private final AtomicInteger pending = new AtomicInteger();
    /** Answers heard from Redis, counted up to {@link #WARM}: until then the node is in its cold start. */
    private final AtomicInteger answers = new AtomicInteger();
    private final HashedWheelTimer timer = new HashedWheelTimer(runnable -> {
        Thread thread = new Thread(runnable, "rate-limiter-timeouts");
        thread.setDaemon(true);
        return thread;
    }, 5, TimeUnit.MILLISECONDS);
    private final long timeoutNanos;
    private final long maxWaitNanos;
    private final int maxPending;
    private final int threshold;
    private final Duration coolDown;
    private final MeterRegistry meters;
    private final Timer latency;
    private final Counter failOpen;
    private final Counter shed;
    private final Counter policyErrors;
    private final Counter denyCacheHits;
    private final Map<String, FailureMode> routeModes = new ConcurrentHashMap<>();
    private final Map<String, FailureMode> clientModes = new ConcurrentHashMap<>();
    private final DenyCache denyCache;
    /**
     * The decisions counter of each outcome, by policy: looking a counter up by name and tags on every request costs
     * more than the rest of the bookkeeping, and so would a key made of both per request.
     */
    private final EnumMap<Decision.Outcome, Map<String, Counter>> decisions = new EnumMap<>(Decision.Outcome.class);
    private final AtomicLong lastFailureLog = new AtomicLong(System.nanoTime() - LOG_INTERVAL_NANOS);
    private final AtomicLong unloggedFailures = new AtomicLong();

    ResilientCheck(RateLimitCheck check, ConfiguredPolicies configured, PolicySync sync, TrafficRecorder traffic,
                   LimiterClock clock, EventLoopLag loops, KeySpace keySpace, RateLimiterConfiguration configuration,
                   MeterRegistry meters) {
        this.check = check;
        this.configured = configured;
        this.sync = sync;
        this.traffic = traffic;
        this.clock = clock;
        this.loops = loops;
        this.keySpace = keySpace;
        this.breakers = new CircuitBreaker[keySpace.buckets()];
        for (int bucket = 0; bucket < breakers.length; bucket++) {
            breakers[bucket] = new CircuitBreaker(configuration.getBreaker().getFailureThreshold(),
                    configuration.getBreaker().getCoolDown(), clock::nanoTime);
        }
        this.lastReply = new AtomicLongArray(keySpace.buckets());
        long startedAt = System.nanoTime() - Duration.ofDays(1).toNanos();
        for (int bucket = 0; bucket < keySpace.buckets(); bucket++) {
            lastReply.set(bucket, startedAt);
        }
        this.timeoutNanos = configuration.getTimeout().toNanos();
        this.maxWaitNanos = Math.max(timeoutNanos, configuration.getShedding().getMaxWait().toNanos());
        this.maxPending = configuration.getShedding().getMaxPending();
        this.threshold = configuration.getBreaker().getFailureThreshold();
        this.coolDown = configuration.getBreaker().getCoolDown();
        this.denyCache = new DenyCache(MAX_REMEMBERED, clock);
        for (Decision.Outcome outcome : Decision.Outcome.values()) {
            decisions.put(outcome, new ConcurrentHashMap<>());
        }
        this.meters = meters;
        this.latency = Timer.builder("ratelimiter.check.latency")
                .description("Time a rate-limit check waited for Redis")
                .publishPercentileHistogram()
                .register(meters);
        this.failOpen = Counter.builder("ratelimiter.fail.open")
                .description("Requests let through because Redis could not be asked")
                .register(meters);
        this.shed = Counter.builder("ratelimiter.shed")
                .description("Requests refused (503) because this node was too far behind to hear Redis in time")
                .register(meters);
        this.policyErrors = Counter.builder("ratelimiter.policy.errors")
                .description("Checks whose stored policy could not be applied (decided by its failure mode)")
                .register(meters);
        this.denyCacheHits = Counter.builder("ratelimiter.deny.cache.hits")
                .description("Denials answered by this node from its deny cache, without asking Redis")
                .register(meters);
    }

    @PreDestroy
    void close() {
        timer.stop();
    }

    /**
     * Checks a request of {@code client}: its primary identity, and the second one it also counts against, if any
     * (both must admit it; the first refusal is the answer). Never completes exceptionally.
     */
    @Override
    public CompletableFuture<Decision> check(ClientIdentity client, String route) {
        if (client.alsoCounted() == null) {
            return check(client.primary(), route);
        }
        CompletableFuture<Decision> primary = check(client.primary(), route);
        CompletableFuture<Decision> address = check(client.alsoCounted(), route);
        return primary.thenCombine(address, (first, second) ->
                !first.outcome().admitted() || second.outcome().admitted() ? first : second);
    }

    /** Checks a request of one identity. Never completes exceptionally. */
    @Override
    public CompletableFuture<Decision> check(String identity, String route) {
        Decision cached = denyCache.get(identity, route);
        if (cached != null) {
            denyCacheHits.increment();
            return CompletableFuture.completedFuture(counted(identity, cached));
        }
        int bucket = keySpace.bucketOf(identity);
        CircuitBreaker breaker = breakers[bucket];
        if (!breaker.tryAcquire()) {
            return CompletableFuture.completedFuture(failed(identity, route, "circuit breaker open"));
        }
        if (pending.incrementAndGet() > maxPending) {
            pending.decrementAndGet();
            shed.increment();
            return CompletableFuture.completedFuture(counted(identity, Decision.shed()));
        }
        long started = System.nanoTime();
        CompletableFuture<Decision> result = new CompletableFuture<>();
        CompletableFuture<Decision> asked = check.check(identity, route);
        Timeout timeout = timer.newTimeout(t -> judge(result, asked, identity, route, bucket, started, started + timeoutNanos),
                timeoutNanos, TimeUnit.NANOSECONDS);
        asked.whenComplete((decision, failure) -> {
            long now = System.nanoTime();
            if (decision != null || RedisAnswered.byError(failure)) {
                lastReply.set(bucket, now);
                if (answers.get() < WARM) {
                    answers.incrementAndGet();
                }
            }
            timeout.cancel();
            if (result.isDone()) {
                return;
            }
            if (failure != null) {
                result.complete(redisFailed(breaker, identity, route, failure.toString()));
            } else {
                result.complete(answered(breaker, identity, route, decision));
            }
        });
        // Every check that asked Redis is timed, to its answer or to the moment it stopped waiting for one.
        return result.whenComplete((decision, failure) -> {
            pending.decrementAndGet();
            latency.record(System.nanoTime() - started, TimeUnit.NANOSECONDS);
        });
    }

    /**
     * The answer is late. Redis is away only if it answered nothing for a whole timeout while this node's timer ran
     * on time, and this node has heard it often enough to be past its cold start (a cold node is slow to read
     * answers that did come); otherwise the node is behind and the check waits on, until {@code maxWait}, then sheds.
     */
    private void judge(CompletableFuture<Decision> result, CompletableFuture<Decision> asked, String identity,
                       String route, int bucket, long started, long due) {
        if (result.isDone()) {
            return;
        }
        long now = System.nanoTime();
        boolean redisAnswers = now - lastReply.get(bucket) < timeoutNanos;
        boolean nodeBehind = now - due > timeoutNanos / 2 || loops.lagNanos() > timeoutNanos / 2 || answers.get() < WARM;
        if (!redisAnswers && !nodeBehind) {
            asked.cancel(false);
            result.complete(redisFailed(breakers[bucket], identity, route,
                    "no answer from Redis within " + Duration.ofNanos(timeoutNanos).toMillis() + " ms"));
            return;
        }
        if (now - started >= maxWaitNanos) {
            shed.increment();
            result.complete(counted(identity, Decision.shed()));
            return;
        }
        timer.newTimeout(t -> judge(result, asked, identity, route, bucket, started, now + timeoutNanos),
                timeoutNanos, TimeUnit.NANOSECONDS);
    }

    private Decision answered(CircuitBreaker breaker, String identity, String route, Decision decision) {
        if (breaker.onSuccess() && openBreakers.decrementAndGet() == 0) {
            LOG.info("rate-limiter: Redis answers again; limiting resumed");
        }
        switch (decision.outcome()) {
            case NO_POLICY -> sync.repairSoon();
            case POLICY_ERROR_OPEN, POLICY_ERROR_CLOSED -> {
                policyErrors.increment();
                logRarely("rate-limiter: the policy of client={} route={} cannot be applied ({}); decision={}",
                        identity, route, decision.problem(), decision.outcome());
            }
            case DENIED -> denyCache.remember(identity, route, decision);
            default -> {
            }
        }
        remember(routeModes, route, decision.routeFailure());
        if ("client".equals(decision.scope())) {
            remember(clientModes, identity, decision.onRedisFailure());
        } else if (clientModes.containsKey(identity)) {
            clientModes.remove(identity);
        }
        return counted(identity, decision);
    }

    private static void remember(Map<String, FailureMode> modes, String key, FailureMode mode) {
        if (modes.get(key) != mode) {
            if (modes.size() >= MAX_REMEMBERED && !modes.containsKey(key)) {
                // Bounded: forget one at random rather than grow with the clients an attacker can invent.
                modes.keySet().stream().findAny().ifPresent(modes::remove);
            }
            modes.put(key, mode);
        }
    }

    private Decision redisFailed(CircuitBreaker breaker, String identity, String route, String reason) {
        if (breaker.onFailure() && openBreakers.incrementAndGet() == 1) {
            LOG.warn("rate-limiter: Redis failed {} checks in a row ({}); not asking it for {}{}", threshold, reason,
                    coolDown, breakers.length > 1 ? " for the clients of the buckets that fail" : "");
        }
        return failed(identity, route, reason);
    }

    private Decision failed(String identity, String route, String reason) {
        FailureMode mode = clientModes.get(identity);
        if (mode == null) {
            mode = routeModes.getOrDefault(route, configured.onRedisFailure(route));
        }
        Decision decision = Decision.failed(mode);
        if (decision.outcome() == Decision.Outcome.FAILED_OPEN) {
            failOpen.increment();
        }
        logRarely("rate-limiter: Redis not asked ({}); client={} route={} decision={}", reason, identity, route,
                decision.outcome());
        return counted(identity, decision);
    }

    /** Logs at most once per interval, saying how many such lines were left out. */
    private void logRarely(String format, Object... arguments) {
        long suppressed = unloggedFailures.incrementAndGet();
        long last = lastFailureLog.get();
        long now = System.nanoTime();
        if (now - last >= LOG_INTERVAL_NANOS && lastFailureLog.compareAndSet(last, now)) {
            unloggedFailures.addAndGet(-suppressed);
            Object[] withCount = java.util.Arrays.copyOf(arguments, arguments.length + 1);
            withCount[arguments.length] = suppressed;
            LOG.warn(format + " ({} such decisions since the last line)", withCount);
        }
    }

    private Decision counted(String identity, Decision decision) {
        traffic.record(identity, decision);
        Map<String, Counter> byPolicy = decisions.get(decision.outcome());
        Counter counter = byPolicy.get(decision.policy());
        if (counter == null) {
            String policy = decision.policy().isEmpty() ? "none" : decision.policy();
            counter = byPolicy.computeIfAbsent(decision.policy(), key -> Counter.builder("ratelimiter.decisions")
                    .description("Rate-limit decisions by outcome and policy")
                    .tag("outcome", decision.outcome().name().toLowerCase(Locale.ROOT))
                    .tag("policy", policy)
                    .register(meters));
        }
        counter.increment();
        return decision;
    }
}
