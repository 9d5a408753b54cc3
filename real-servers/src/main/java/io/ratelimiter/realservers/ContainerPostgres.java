package io.ratelimiter.realservers;

import org.testcontainers.containers.wait.strategy.Wait;

final class ContainerPostgres implements RealPostgres {

    static final String IMAGE = "postgres:16-alpine";

    private final int port;
    private final ContainerServer container;

    ContainerPostgres(int port) {
        this.port = port;
        this.container = new ContainerServer(IMAGE, port, 5432,
                // PostgreSQL's image starts the server twice (init, then for real): wait for the second.
                Wait.forLogMessage(".*database system is ready to accept connections.*", 2),
                "POSTGRES_USER", "postgres", "POSTGRES_PASSWORD", "postgres");
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
    public String username() {
        return "postgres";
    }

    @Override
    public String password() {
        return "postgres";
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
        container.start(() -> Probes.postgresAnswers(this));
    }

    @Override
    public void close() {
        container.close();
    }
}
