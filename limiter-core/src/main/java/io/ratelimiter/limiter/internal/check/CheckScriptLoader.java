package io.ratelimiter.limiter.internal.check;

import io.micronaut.context.annotation.Context;
import io.micronaut.context.annotation.Requires;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.TaskScheduler;
import io.ratelimiter.limiter.internal.redis.RedisPort;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Named;
import java.time.Duration;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Loads the check script into Redis when the node starts, and again every second until that worked, so the node's
 * first checks need no EVAL of the whole script and the node can say it is ready (see LimiterReadiness).
 */
@Context
@Requires(property = "rate-limiter.enabled", notEquals = "false")
@Requires(beans = RedisPort.class)
public final class CheckScriptLoader {

    private static final Logger LOG = LoggerFactory.getLogger(CheckScriptLoader.class);

    private final RedisPort redis;
    private volatile boolean loaded;
    private volatile ScheduledFuture<?> retries;

    CheckScriptLoader(RedisPort redis, @Named(TaskExecutors.SCHEDULED) TaskScheduler scheduler) {
        this.redis = redis;
        this.retries = scheduler.scheduleWithFixedDelay(Duration.ZERO, Duration.ofSeconds(1), this::load);
    }

    /** Whether the check script is in Redis' script cache (as of the last load; a restarted Redis reloads it itself). */
    public boolean loaded() {
        return loaded;
    }

    private void load() {
        if (loaded) {
            retries.cancel(false);
            return;
        }
        try {
            redis.load(RateLimitCheck.SCRIPT).get(2, TimeUnit.SECONDS);
            loaded = true;
            retries.cancel(false);
            LOG.info("rate-limiter: check script loaded into Redis");
        } catch (Exception e) {
            LOG.debug("rate-limiter: could not load the check script yet ({}); retrying", e.toString());
        }
    }

    @PreDestroy
    void stop() {
        retries.cancel(false);
    }
}
