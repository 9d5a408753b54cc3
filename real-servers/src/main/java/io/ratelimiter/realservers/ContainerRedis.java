package io.ratelimiter.realservers;

import java.util.Map;
import org.testcontainers.containers.wait.strategy.Wait;

/** Redis in a container; the image is the official one unless {@code REAL_SERVERS_REDIS_IMAGE} names another. */
final class ContainerRedis implements RealRedis {

    static final String IMAGE_VARIABLE = "REAL_SERVERS_REDIS_IMAGE";
    static final String OFFICIAL_IMAGE = "redis:7.4-alpine";

    private final int port;
    private final ContainerServer container;

    ContainerRedis(int port) {
        this.port = port;
        // Redis 7 refuses DEBUG to clients from outside its host unless told otherwise; fault tests stall it with
        // DEBUG SLEEP, as they do the embedded binary (6.2), which allows it.
        this.container = new ContainerServer(image(), port, 6379, Wait.forLogMessage(".*Ready to accept connections.*", 1),
                Map.of(), "redis-server", "--enable-debug-command", "yes");
    }

    static String image() {
        return ServerSource.setting(IMAGE_VARIABLE, OFFICIAL_IMAGE);
    }

    @Override
    public String host() {
        return container.host();
    }

    @Override
    public int port() {
        return port;
    }

    @Override
    public ServerSource source() {
        return ServerSource.TESTCONTAINERS;
    }

    @Override
    public void stop() {
        container.stop();
    }

    @Override
    public void start() {
        container.start(() -> Probes.redisAnswers(host(), port));
    }

    @Override
    public void close() {
        container.close();
    }
}
