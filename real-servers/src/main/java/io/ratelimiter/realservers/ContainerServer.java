package io.ratelimiter.realservers;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.FixedHostPortGenericContainer;
import org.testcontainers.containers.wait.strategy.WaitStrategy;

/**
 * A container bound to a fixed, pre-chosen host port, so that stopping and starting it (which keeps the container and
 * its data) brings it back at the same address, as a restarted server would be.
 */
final class ContainerServer {

    private final FixedHostPortGenericContainer<?> container;

    /** Starts {@code image} with its own command, or with {@code command} where one is given. */
    @SuppressWarnings("resource")
    ContainerServer(String image, int hostPort, int containerPort, WaitStrategy readiness,
                    Map<String, String> environment, String... command) {
        this.container = new FixedHostPortGenericContainer<>(image)
                .withFixedExposedPort(hostPort, containerPort)
                .withEnv(environment)
                .waitingFor(readiness);
        if (command.length > 0) {
            container.withCommand(command);
        }
        container.start();
    }

    String host() {
        return container.getHost();
    }

    void stop() {
        DockerClientFactory.instance().client().stopContainerCmd(container.getContainerId()).exec();
    }

    /** Starts the stopped container again and waits until {@code answers} says the server inside serves again. */
    void start(BooleanSupplier answers) {
        DockerClientFactory.instance().client().startContainerCmd(container.getContainerId()).exec();
        // The log-based readiness check would see the first run's lines; ask the server itself instead.
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (!answers.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException(container.getDockerImageName() + " did not come back within 60 s");
            }
            LockSupport.parkNanos(Duration.ofMillis(100).toNanos());
        }
    }

    void close() {
        container.stop();
    }
}
