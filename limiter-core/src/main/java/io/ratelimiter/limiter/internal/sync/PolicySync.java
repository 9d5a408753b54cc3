package io.ratelimiter.limiter.internal.sync;

import io.micronaut.context.annotation.Context;
import io.micronaut.context.annotation.Requires;
import io.micronaut.scheduling.TaskScheduler;
import io.micronaut.scheduling.TaskExecutors;
import io.ratelimiter.limiter.internal.config.ConfiguredPolicies;
import io.ratelimiter.limiter.config.RateLimiterConfiguration;
import io.ratelimiter.limiter.policy.Policy;
import io.ratelimiter.limiter.internal.policy.PolicyCodec;
import io.ratelimiter.limiter.internal.policy.PolicyStore;
import io.ratelimiter.limiter.policy.Route;
import io.ratelimiter.limiter.internal.redis.RedisPort;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Named;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.IntStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps every bucket's copy of the shared policies at the source's version, on every node and in the console.
 * Each round (once per {@code rate-limiter.policy-sync.interval}, and at once when a check found its copy stale)
 * reads the source's version; when it moved, when a check asked, and every fifth round anyway, it reads every copy's
 * version and brings the older ones up to date from the source. A source that lost its data (its master came back
 * empty) is restored from the newest copy; where there is nothing to restore, the configured policies are seeded,
 * only where Redis has neither a policy nor an operator's deletion of it.
 *
 * <p>A node whose Redis user may not write policies (an ACL that keeps nodes from rewriting them) only reads: the
 * console, which may, repairs.
 */
@Context
@Requires(beans = RedisPort.class)
public final class PolicySync {

    private static final Logger LOG = LoggerFactory.getLogger(PolicySync.class);
    private static final Duration WAIT = Duration.ofSeconds(5);
    private static final int FULL_SWEEP_EVERY = 5;

    private final PolicyStore store;
    private final ConfiguredPolicies configured;
    private final boolean seeds;
    private final TaskScheduler scheduler;
    private final Duration interval;
    /** The source's version as last read, or -1 before the first read. */
    private final AtomicLong sourceVersion = new AtomicLong(-1);
    private final AtomicLong swept = new AtomicLong(-1);
    private final AtomicBoolean repairAsked = new AtomicBoolean(true);
    private final AtomicBoolean running = new AtomicBoolean();
    private final AtomicInteger rounds = new AtomicInteger();
    private volatile boolean mayWrite = true;
    private volatile boolean stopped;
    private volatile boolean seeded;
    private final ScheduledFuture<?> schedule;

    PolicySync(PolicyStore store, ConfiguredPolicies configured, RateLimiterConfiguration configuration,
               @Named(TaskExecutors.SCHEDULED) TaskScheduler scheduler) {
        this.store = store;
        this.configured = configured;
        Boolean seed = configuration.getPolicySync().getSeed();
        this.seeds = seed != null ? seed : configuration.isEnabled();
        this.scheduler = scheduler;
        this.interval = configuration.getPolicySync().getInterval();
        // The first round before the node serves: where Redis answers, its first request finds the policies in place.
        round();
        this.schedule = scheduler.scheduleWithFixedDelay(interval, interval, this::round);
    }

    @PreDestroy
    void stop() {
        stopped = true;
        schedule.cancel(false);
    }

    /** The source's version as this node last read it, for the check script; empty before the first read. */
    public String expectedVersion() {
        long version = sourceVersion.get();
        return version < 0 ? "" : Long.toString(version);
    }

    /** Whether the source has been read at least once: the node knows the policies' version. */
    public boolean ready() {
        return sourceVersion.get() >= 0;
    }

    /** A check found its copy older than the source (or no policy at all): sweep now, not at the next round. */
    public void repairSoon() {
        if (repairAsked.compareAndSet(false, true) && !stopped) {
            scheduler.schedule(Duration.ZERO, this::round);
        }
    }

    /** The highest version the source is known to have had, which a new version must pass. */
    long floor() {
        return Math.max(0, Math.max(sourceVersion.get(), swept.get()));
    }

    /**
     * Where the copies stand now: the source's version and, per bucket, whether its copy holds it. Asks Redis.
     */
    public CompletableFuture<Copies> copies() {
        // A copy Redis cannot be asked about now (its master is failing over) counts as not holding the version.
        List<CompletableFuture<Long>> versions = IntStream.range(0, store.copies())
                .mapToObj(bucket -> store.copyVersion(bucket).exceptionally(failure -> Copies.UNREACHABLE)).toList();
        return store.sourceVersion().thenCombine(CompletableFuture.allOf(versions.toArray(CompletableFuture[]::new)),
                (source, done) -> new Copies(source, versions.stream().map(CompletableFuture::join).toList()));
    }

    /**
     * The copies of the shared policies.
     *
     * @param source   the source's version
     * @param versions each bucket's copy's version, bucket 0 first
     */
    public record Copies(long source, List<Long> versions) {

        /** The version of a copy that could not be read. */
        public static final long UNREACHABLE = -1;

        public Copies {
            versions = List.copyOf(versions);
        }

        /** Copies that hold the source's version. */
        public int current() {
            return (int) versions.stream().filter(v -> v >= source).count();
        }

        /** Copies that could not be read. */
        public int unreachable() {
            return (int) versions.stream().filter(v -> v == UNREACHABLE).count();
        }
    }

    /** Writes a shared policy ({@link PolicyCodec#DELETED} deletes it) and lets the copies that missed it follow. */
    public CompletableFuture<PolicyStore.SharedWrite> write(String field, String stored) {
        return store.putShared(field, stored, PolicyStore.Write.REPLACE, floor()).thenApply(write -> {
            sourceVersion.accumulateAndGet(write.version(), Math::max);
            if (write.landed() < write.copies()) {
                repairSoon();
            }
            return write;
        });
    }

    private void round() {
        if (stopped || !running.compareAndSet(false, true)) {
            return;
        }
        try {
            long source = await(store.sourceVersion());
            if (source == 0) {
                source = recover();
            }
            if (seeds && mayWrite && !seeded) {
                // Once per start, for policies added to this node's configuration since; never over an operator's.
                writes(this::seed);
                seeded = true;
                source = await(store.sourceVersion());
            }
            sourceVersion.set(source);
            boolean asked = repairAsked.getAndSet(false);
            if (source != swept.get() || asked || rounds.incrementAndGet() % FULL_SWEEP_EVERY == 0) {
                sweep(source);
            }
        } catch (RuntimeException e) {
            LOG.debug("rate-limiter: policy sync round failed ({}); next round in {}", e.toString(), interval);
        } finally {
            running.set(false);
        }
    }

    /** The source is empty: restore it from the newest copy; else (nothing anywhere) the configured policies are seeded. */
    private long recover() {
        Copies copies = await(copies());
        long newest = copies.versions().stream().mapToLong(Long::longValue).max().orElse(0);
        if (newest > 0 && mayWrite) {
            int bucket = copies.versions().indexOf(newest);
            PolicyStore.Shared shared = await(store.copy(bucket));
            if (writes(() -> await(store.restoreSource(shared)))) {
                LOG.warn("rate-limiter: the policy source was empty; restored version {} from the copy in bucket {}",
                        newest, bucket);
            }
            return await(store.sourceVersion());
        }
        seeded = false;
        return 0;
    }

    /** Writes each configured policy where the source has neither it nor an operator's deletion of it. */
    void seed() {
        Map<String, String> wanted = new java.util.LinkedHashMap<>();
        wanted.put(PolicyStore.defaultField(), PolicyCodec.encode(configured.defaultPolicy()));
        for (Map.Entry<Route, Policy> route : configured.routes().entrySet()) {
            wanted.put(PolicyStore.routeField(route.getKey()), PolicyCodec.encode(route.getValue()));
        }
        int written = 0;
        for (Map.Entry<String, String> policy : wanted.entrySet()) {
            PolicyStore.SharedWrite write = await(store.putShared(policy.getKey(), policy.getValue(),
                    PolicyStore.Write.IF_ABSENT, floor()));
            if (write.written()) {
                written++;
                sourceVersion.accumulateAndGet(write.version(), Math::max);
            }
        }
        if (written > 0) {
            LOG.info("rate-limiter: seeded {} configured policies where Redis had none (default {}, {} routes)",
                    written, configured.defaultPolicy().name(), configured.routes().size());
        }
    }

    private void sweep(long source) {
        Copies copies = await(copies());
        List<Integer> behind = new ArrayList<>();
        for (int bucket = 0; bucket < copies.versions().size(); bucket++) {
            long version = copies.versions().get(bucket);
            if (version != Copies.UNREACHABLE && version < source) {
                behind.add(bucket);
            }
        }
        if (!behind.isEmpty() && mayWrite) {
            PolicyStore.Shared shared = await(store.source());
            List<CompletableFuture<Boolean>> syncs = behind.stream().map(bucket -> store.syncCopy(bucket, shared)).toList();
            if (writes(() -> await(CompletableFuture.allOf(syncs.toArray(CompletableFuture[]::new))))) {
                LOG.info("rate-limiter: brought {} policy copies up to version {}", behind.size(), shared.version());
            }
        }
        // Copies that could not be read are looked at again next round, not only at the fifth.
        if (copies.unreachable() == 0 && (behind.isEmpty() || mayWrite)) {
            swept.set(source);
        }
    }

    /** Runs a write; a Redis user without the right to write policies turns this node into a reader for good. */
    private boolean writes(Runnable write) {
        try {
            write.run();
            return true;
        } catch (RuntimeException e) {
            if (String.valueOf(e.getMessage()).contains("NOPERM") || String.valueOf(e.getCause()).contains("NOPERM")) {
                mayWrite = false;
                LOG.info("rate-limiter: this node's Redis user may not write policies; they are seeded and their copies "
                        + "repaired elsewhere (the console, with rate-limiter.policy-sync.seed)");
                return false;
            }
            throw e;
        }
    }

    private static <T> T await(CompletableFuture<T> future) {
        try {
            return future.get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        } catch (java.util.concurrent.ExecutionException e) {
            throw e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
        } catch (java.util.concurrent.TimeoutException e) {
            throw new IllegalStateException("Redis did not answer within " + WAIT.toSeconds() + " s", e);
        }
    }
}
