package io.ratelimiter.realservers;

import org.testcontainers.containers.wait.strategy.Wait;

final class ContainerRedis implements RealRedis {

    static final String IMAGE = "redis:7.4-alpine";

    private final int port;
    private final ContainerServer container;

    ContainerRedis(int port) {
        this.port = port;
        this.container = new ContainerServer(IMAGE, port, 6379, Wait.forLogMessage(".*Ready to accept connections.*", 1));
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
