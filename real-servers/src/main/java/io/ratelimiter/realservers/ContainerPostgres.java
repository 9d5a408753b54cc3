package io.ratelimiter.realservers;

import java.util.Map;
import org.testcontainers.containers.wait.strategy.Wait;

/**
 * PostgreSQL in a container; the image is the official one unless {@code REAL_SERVERS_POSTGRES_IMAGE} names another,
 * which must start as the official one does (POSTGRES_USER and POSTGRES_PASSWORD, the server started twice).
 */
final class ContainerPostgres implements RealPostgres {

    static final String IMAGE_VARIABLE = "REAL_SERVERS_POSTGRES_IMAGE";
    static final String OFFICIAL_IMAGE = "postgres:16-alpine";

    private final int port;
    private final ContainerServer container;

    ContainerPostgres(int port) {
        this.port = port;
        this.container = new ContainerServer(image(), port, 5432,
                // PostgreSQL's image starts the server twice (init, then for real): wait for the second.
                Wait.forLogMessage(".*database system is ready to accept connections.*", 2),
                Map.of("POSTGRES_USER", "postgres", "POSTGRES_PASSWORD", "postgres"));
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
