package io.ratelimiter.limiter.kit;

import io.lettuce.core.AbstractRedisClient;
import io.lettuce.core.resource.EventLoopGroupProvider;
import io.lettuce.core.resource.Transports;
import io.micronaut.context.ApplicationContext;
import io.netty.channel.EventLoopGroup;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Makes a node too busy to read Redis' answers, the way a flood on two cores does, but on cue: every event loop that
 * reads them is held until the test lets go. Redis itself answers all along.
 */
final class EventLoops implements AutoCloseable {

    private final CountDownLatch release = new CountDownLatch(1);
    private final EventLoopGroupProvider provider;
    private final EventLoopGroup group;

    private EventLoops(ApplicationContext node) {
        AbstractRedisClient client = node.findBean(io.lettuce.core.RedisClient.class).map(AbstractRedisClient.class::cast)
                .or(() -> node.findBean(io.lettuce.core.cluster.RedisClusterClient.class)).orElseThrow();
        this.provider = client.getResources().eventLoopGroupProvider();
        this.group = provider.allocate(Transports.eventLoopGroupClass());
    }

    static EventLoops hold(ApplicationContext node) {
        EventLoops loops = new EventLoops(node);
        loops.group.forEach(loop -> loop.execute(() -> {
            try {
                loops.release.await(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }));
        return loops;
    }

    @Override
    public void close() {
        release.countDown();
        provider.release(group, 0, 2, TimeUnit.SECONDS);
    }
}
