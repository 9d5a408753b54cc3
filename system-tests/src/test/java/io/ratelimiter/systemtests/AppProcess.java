package io.ratelimiter.systemtests;

import io.ratelimiter.realservers.FreePorts;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * One of the applications run as production runs it: its fat jar in a JVM of its own, configured by environment
 * variables, its output in a log file under target/. Killing it is a real SIGKILL.
 */
final class AppProcess implements AutoCloseable {

    static final Path SHORTENER_JAR = Path.of("..", "shortener-api", "target", "shortener-api.jar");
    static final Path CONSOLE_JAR = Path.of("..", "admin-ui", "target", "admin-ui.jar");
    private static final Duration START_TIMEOUT = Duration.ofMinutes(2);

    private final String name;
    private final URI uri;
    private final Path log;
    private final Process process;

    private AppProcess(String name, URI uri, Path log, Process process) {
        this.name = name;
        this.uri = uri;
        this.log = log;
        this.process = process;
    }

    /** Starts the jar on a free port; {@link #awaitHealthy()} waits until it serves. */
    static AppProcess start(String name, Path jar, Map<String, String> environment) {
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException(jar.toAbsolutePath().normalize() + " is missing: the reactor builds it "
                    + "before this module (./mvnw verify, or -pl system-tests -am verify)");
        }
        int port = FreePorts.next();
        Path log = Path.of("target", "processes", name + "-" + port + ".log").toAbsolutePath();
        try {
            Files.createDirectories(log.getParent());
            String java = ProcessHandle.current().info().command().orElse("java");
            List<String> command = new ArrayList<>(List.of(java, "-Xmx256m", "-XX:TieredStopAtLevel=1",
                    "-XX:+UseSerialGC", "-jar", jar.toAbsolutePath().normalize().toString()));
            ProcessBuilder builder = new ProcessBuilder(command)
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
            builder.environment().putAll(environment);
            builder.environment().put("MICRONAUT_SERVER_PORT", Integer.toString(port));
            return new AppProcess(name, URI.create("http://127.0.0.1:" + port), log, builder.start());
        } catch (IOException e) {
            throw new UncheckedIOException("could not start " + name, e);
        }
    }

    /** Waits until GET /health answers 200; fails early, with the log's tail, if the process dies first. */
    AppProcess awaitHealthy() {
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        while (Http.get(uri, "/health").status() != 200) {
            if (!process.isAlive() || System.nanoTime() > deadline) {
                throw new IllegalStateException(name + (process.isAlive() ? " did not become healthy" : " exited")
                        + "; its log ends with:\n" + tail());
            }
            LockSupport.parkNanos(Duration.ofMillis(200).toNanos());
        }
        return this;
    }

    URI uri() {
        return uri;
    }

    /** SIGKILL: no shutdown hook, no graceful close of connections, as when a machine dies. */
    void kill() {
        process.destroyForcibly();
        waitFor(Duration.ofSeconds(30));
    }

    String log() {
        try {
            return Files.readString(log, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private String tail() {
        String all = log();
        return all.substring(Math.max(0, all.length() - 4000));
    }

    private void waitFor(Duration timeout) {
        try {
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new IllegalStateException(name + " still runs " + timeout.toSeconds() + " s after being stopped");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        if (process.isAlive()) {
            process.destroy();
            try {
                if (!process.waitFor(30, TimeUnit.SECONDS)) {
                    kill();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
