package io.ratelimiter.systemtests;

import io.ratelimiter.realservers.FreePorts;
import io.ratelimiter.realservers.ServiceProcess;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/**
 * One of the applications run as production runs it (the way the local cluster runs it): its fat jar in a JVM of its
 * own on a free port, configured by environment variables, its output in a log file under target/.
 */
final class AppProcess implements AutoCloseable {

    static final Path SHORTENER_JAR = Path.of("..", "shortener-api", "target", "shortener-api.jar");
    static final Path CONSOLE_JAR = Path.of("..", "admin-ui", "target", "admin-ui.jar");
    private static final Duration START_TIMEOUT = Duration.ofMinutes(2);

    private final URI uri;
    private final ServiceProcess process;

    private AppProcess(URI uri, ServiceProcess process) {
        this.uri = uri;
        this.process = process;
    }

    /** Starts the jar on a free port; {@link #awaitHealthy()} waits until it serves. */
    static AppProcess start(String name, Path jar, Map<String, String> environment) {
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException(jar.toAbsolutePath().normalize() + " is missing: the reactor builds it "
                    + "before this module (./mvnw verify, or -pl system-tests -am verify)");
        }
        int port = FreePorts.next();
        Map<String, String> env = new HashMap<>(environment);
        env.put("MICRONAUT_SERVER_PORT", Integer.toString(port));
        URI uri = URI.create("http://127.0.0.1:" + port);
        Path log = Path.of("target", "processes", name + "-" + port + ".log").toAbsolutePath();
        return new AppProcess(uri, ServiceProcess.start(name, ServiceProcess.javaCommand(jar), env, log, uri.resolve("/health")));
    }

    AppProcess awaitHealthy() {
        process.awaitHealthy(START_TIMEOUT);
        return this;
    }

    URI uri() {
        return uri;
    }

    /** SIGKILL: no shutdown hook, no graceful close of connections, as when a machine dies. */
    void kill() {
        process.kill();
    }

    String log() {
        return process.log();
    }

    @Override
    public void close() {
        process.stop();
    }
}
