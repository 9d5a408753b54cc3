package io.ratelimiter.cluster;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Optional;

/**
 * Where a running local cluster's parts are, for programs (the load test, scripts): {@code cluster-status.json} in its
 * data directory, written once every process answers its health check, marked {@code stopped} when the launcher
 * stops. The lines the launcher prints say the same for people; this file is the one to read.
 *
 * @param state {@code running} or {@code stopped}
 * @param pid the launcher's process id, so a reader can tell a file of a run that crashed
 * @param api the API through nginx; {@code null} when nginx is not installed (then clients use a node directly)
 * @param nodes the shortener nodes, in order
 * @param console the operators' console
 * @param redis the Redis URI every process uses
 * @param postgres the JDBC URL of the database both apps share
 * @param logs the directory of every process' log
 */
public record ClusterStatus(String state, long pid, String api, List<Service> nodes, Service console, String redis,
                            String postgres, String logs) {

    public static final String FILE = "cluster-status.json";
    public static final String RUNNING = "running";
    public static final String STOPPED = "stopped";

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    /** A process that serves on a port of its own and has its health and metrics on another. */
    public record Service(String url, String management) {
    }

    /** The front door: nginx when it runs, else the first node. */
    public String frontDoor() {
        return api != null ? api : nodes.get(0).url();
    }

    public boolean running() {
        return RUNNING.equals(state);
    }

    public ClusterStatus stopped() {
        return new ClusterStatus(STOPPED, pid, api, nodes, console, redis, postgres, logs);
    }

    public static Path file(Path dataDirectory) {
        return dataDirectory.resolve(FILE);
    }

    /** The status in {@code dataDirectory}, if a launcher ever wrote one there. */
    public static Optional<ClusterStatus> read(Path dataDirectory) {
        Path file = file(dataDirectory);
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        try {
            return Optional.of(JSON.readValue(file.toFile(), ClusterStatus.class));
        } catch (IOException e) {
            throw new UncheckedIOException("could not read " + file, e);
        }
    }

    /** Writes the file whole or not at all (a reader never sees half of it). */
    void write(Path dataDirectory) {
        Path file = file(dataDirectory);
        try {
            Path partial = Files.createTempFile(dataDirectory, FILE, ".partial");
            JSON.writeValue(partial.toFile(), this);
            Files.move(partial, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("could not write " + file, e);
        }
    }

    static void forget(Path dataDirectory) {
        try {
            Files.deleteIfExists(file(dataDirectory));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
