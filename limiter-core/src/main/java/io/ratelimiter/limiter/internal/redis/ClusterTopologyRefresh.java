package io.ratelimiter.limiter.internal.redis;

import io.lettuce.core.cluster.ClusterClientOptions;
import io.lettuce.core.cluster.ClusterTopologyRefreshOptions;
import io.lettuce.core.cluster.RedisClusterClient;
import io.micronaut.context.event.BeanCreatedEvent;
import io.micronaut.context.event.BeanCreatedEventListener;
import jakarta.inject.Singleton;
import java.time.Duration;

/**
 * Lets a node follow a Redis Cluster whose shape changes under it: a master fails and its replica is promoted, or
 * slots move. Lettuce reads the cluster's topology once, at connect, and by default never again, so the checks of
 * every client on a failed master's slots would go on timing out (and failing open) until the node restarted.
 * Adaptive refresh reads the topology again as soon as Lettuce is redirected or keeps failing to reconnect to a
 * node; the periodic refresh catches what happened while nothing was asked of the changed part of the cluster.
 * micronaut-redis sets no cluster options of its own, so these replace only Lettuce's defaults. Commands for a node
 * whose connection is down fail at once, as on a standalone client ({@link FailFastWhileDisconnected}).
 */
@Singleton
final class ClusterTopologyRefresh implements BeanCreatedEventListener<RedisClusterClient> {

    /** How often a failing node may make Lettuce read the topology again: a promotion takes a few seconds. */
    static final Duration ADAPTIVE_REFRESH_AT_MOST_EVERY = Duration.ofMillis(500);
    static final Duration PERIODIC_REFRESH = Duration.ofSeconds(10);

    @Override
    public RedisClusterClient onCreated(BeanCreatedEvent<RedisClusterClient> event) {
        RedisClusterClient client = event.getBean();
        client.setOptions(ClusterClientOptions.builder()
                .disconnectedBehavior(FailFastWhileDisconnected.BEHAVIOUR)
                .topologyRefreshOptions(ClusterTopologyRefreshOptions.builder()
                        .enableAllAdaptiveRefreshTriggers()
                        .adaptiveRefreshTriggersTimeout(ADAPTIVE_REFRESH_AT_MOST_EVERY)
                        .refreshTriggersReconnectAttempts(2)
                        .enablePeriodicRefresh(PERIODIC_REFRESH)
                        .build())
                .build());
        return client;
    }
}
