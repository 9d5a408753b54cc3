package io.ratelimiter.realservers;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.LockSupport;

/**
 * One of our services run as production runs it (an API node, the console, nginx): a process of its own, configured
 * by environment variables, its output appended to a log file, healthy when its health URL answers 200. Used by the
 * local cluster and by the system tests, so both start, watch and stop processes the same way.
 */
public final class ServiceProcess implements AutoCloseable {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
    private static final Duration GRACE = Duration.ofSeconds(10);
    private static final int LOG_TAIL_CHARS = 4_000;

    private final String name;
    private final URI healthUrl;
    private final Path log;
    private final Process process;
    /** What the health endpoint last answered, so a start that never gets healthy says why. */
    private volatile String lastHealth = "nothing yet";

    private ServiceProcess(String name, URI healthUrl, Path log, Process process) {
        this.name = name;
        this.healthUrl = healthUrl;
        this.log = log;
        this.process = process;
    }

    /**
     * The command that runs one of our fat jars: a small heap and a quick start, since a machine runs several of
     * them beside Redis and PostgreSQL.
     */
    public static List<String> javaCommand(Path jar) {
        return javaCommand(jar, List.of("-Xmx256m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1"));
    }

    /** The same with JVM options of the caller's own, on the JVM that runs this one. */
    public static List<String> javaCommand(Path jar, List<String> jvmOptions) {
        List<String> command = new ArrayList<>();
        command.add(ProcessHandle.current().info().command().orElse("java"));
        command.addAll(jvmOptions);
        command.add("-jar");
        command.add(jar.toAbsolutePath().normalize().toString());
        return command;
    }

    public static ServiceProcess start(String name, List<String> command, Map<String, String> environment, Path log, URI healthUrl) {
        try {
            Files.createDirectories(log.toAbsolutePath().getParent());
            ProcessBuilder builder = new ProcessBuilder(command)
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
            builder.environment().putAll(environment);
            return new ServiceProcess(name, healthUrl, log, builder.start());
        } catch (IOException e) {
            throw new UncheckedIOException("could not start " + name + " (" + String.join(" ", command) + ")", e);
        }
    }

    public String name() {
        return name;
    }

    public long pid() {
        return process.pid();
    }

    /** Waits until the health URL answers 200; fails early, with the end of the log, if the process dies first. */
    public ServiceProcess awaitHealthy(Duration timeout) {
        return await(timeout, this::isHealthy, "become healthy");
    }

    /**
     * Waits until the service answers on its health endpoint, healthy or not: it has started, though it may still
     * wait for something else (a node whose policies another service seeds).
     */
    public ServiceProcess awaitAnswering(Duration timeout) {
        return await(timeout, () -> isHealthy() || lastHealth.matches("\\d{3} .*"), "answer");
    }

    private ServiceProcess await(Duration timeout, java.util.function.BooleanSupplier done, String what) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!done.getAsBoolean()) {
            if (!process.isAlive()) {
                throw new IllegalStateException(name + " exited with status " + process.exitValue() + "; " + log
                        + " ends with:\n" + logTail());
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException(name + " did not " + what + " within " + timeout.toSeconds() + " s (its "
                        + healthUrl + " last answered " + lastHealth + "); " + log + " ends with:\n" + logTail());
            }
            LockSupport.parkNanos(Duration.ofMillis(200).toNanos());
        }
        return this;
    }

    public boolean isHealthy() {
        if (!process.isAlive()) {
            return false;
        }
        try {
            HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(healthUrl).timeout(Duration.ofSeconds(2)).build(),
                    HttpResponse.BodyHandlers.ofString());
            lastHealth = response.statusCode() + " " + response.body();
            return response.statusCode() == 200;
        } catch (IOException e) {
            lastHealth = e.toString();
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    public String log() {
        try {
            return Files.readString(log, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("could not read " + log, e);
        }
    }

    private String logTail() {
        try {
            String all = log();
            return all.substring(Math.max(0, all.length() - LOG_TAIL_CHARS));
        } catch (UncheckedIOException e) {
            return "(no log: " + e.getCause().getMessage() + ")";
        }
    }

    /** SIGKILL: no shutdown hook, no graceful close of connections, as when a machine dies. */
    public void kill() {
        process.destroyForcibly();
        try {
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                throw new IllegalStateException(name + " still runs 30 s after SIGKILL");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** SIGTERM, as Ctrl-C; what has not stopped after a grace period is killed with its children. */
    public void stop() {
        stop(process.toHandle());
    }

    @Override
    public void close() {
        stop();
    }

    /** Stops any process this way, also one a crashed earlier run left behind. */
    public static void stop(ProcessHandle process) {
        if (!process.isAlive()) {
            return;
        }
        process.destroy();
        try {
            process.onExit().get(GRACE.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException | java.util.concurrent.ExecutionException stillRunning) {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
