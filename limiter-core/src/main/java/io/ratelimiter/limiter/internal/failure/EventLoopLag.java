package io.ratelimiter.limiter.internal.failure;

import io.lettuce.core.AbstractRedisClient;
import io.lettuce.core.resource.EventLoopGroupProvider;
import io.lettuce.core.resource.Transports;
import io.micronaut.context.BeanContext;
import io.netty.channel.EventLoopGroup;
import io.netty.util.concurrent.EventExecutor;
import io.netty.util.concurrent.ScheduledFuture;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * How far behind the event loops are that read Redis' answers: each loop stamps the time every
 * {@value #TICK_MILLIS} ms, and a stamp that is old means the loop had no time to read anything (starved of CPU, or
 * busy with a backlog). An answer that comes late from such a node says nothing about Redis.
 */
@Singleton
final class EventLoopLag {

    static final long TICK_MILLIS = 10;

    private final EventLoopGroupProvider provider;
    private final EventLoopGroup group;
    private final AtomicLongArray stamps;
    private final List<ScheduledFuture<?>> ticks = new ArrayList<>();

    EventLoopLag(BeanContext context) {
        AbstractRedisClient client = context.findBean(io.lettuce.core.RedisClient.class).map(AbstractRedisClient.class::cast)
                .or(() -> context.findBean(io.lettuce.core.cluster.RedisClusterClient.class))
                .orElseThrow(() -> new IllegalStateException("the limiter needs redis.uri or redis.uris"));
        this.provider = client.getResources().eventLoopGroupProvider();
        this.group = provider.allocate(Transports.eventLoopGroupClass());
        List<EventExecutor> loops = new ArrayList<>();
        group.forEach(loops::add);
        this.stamps = new AtomicLongArray(loops.size());
        for (int i = 0; i < loops.size(); i++) {
            int loop = i;
            stamps.set(loop, System.nanoTime());
            ticks.add(loops.get(i).scheduleAtFixedRate(() -> stamps.set(loop, System.nanoTime()), TICK_MILLIS, TICK_MILLIS,
                    TimeUnit.MILLISECONDS));
        }
    }

    /** The longest any loop has gone without a tick, in nanoseconds. */
    long lagNanos() {
        long now = System.nanoTime();
        long worst = 0;
        for (int i = 0; i < stamps.length(); i++) {
            worst = Math.max(worst, now - stamps.get(i) - TimeUnit.MILLISECONDS.toNanos(TICK_MILLIS));
        }
        return worst;
    }

    @PreDestroy
    void close() {
        ticks.forEach(tick -> tick.cancel(false));
        provider.release(group, 0, 2, TimeUnit.SECONDS);
    }
}
