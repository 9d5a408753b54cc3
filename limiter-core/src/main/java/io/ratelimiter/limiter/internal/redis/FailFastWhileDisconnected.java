package io.ratelimiter.limiter.internal.redis;

import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.micronaut.context.event.BeanCreatedEvent;
import io.micronaut.context.event.BeanCreatedEventListener;
import jakarta.inject.Singleton;

/**
 * While the connection to Redis is down, commands fail at once instead of queueing until Lettuce reconnects. A queued
 * check would only fail later, at its timeout, and an admin call (a console page) would wait its whole 5 s before
 * saying that Redis cannot be reached. Lettuce still reconnects in the background ({@link FastReconnect}), and the
 * circuit breaker's probe finds Redis again as soon as it is back. Standalone and Sentinel clients; the cluster
 * client gets the same behaviour in {@link ClusterTopologyRefresh}.
 */
@Singleton
final class FailFastWhileDisconnected implements BeanCreatedEventListener<RedisClient> {

    static final ClientOptions.DisconnectedBehavior BEHAVIOUR = ClientOptions.DisconnectedBehavior.REJECT_COMMANDS;

    @Override
    public RedisClient onCreated(BeanCreatedEvent<RedisClient> event) {
        RedisClient client = event.getBean();
        client.setOptions(client.getOptions().mutate().disconnectedBehavior(BEHAVIOUR).build());
        return client;
    }
}
