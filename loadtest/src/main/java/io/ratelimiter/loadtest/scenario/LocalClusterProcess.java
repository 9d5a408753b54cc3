package io.ratelimiter.loadtest.scenario;

import io.ratelimiter.realservers.FreePorts;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.IntStream;

/**
 * The local cluster (the launcher behind {@code ./run-cluster}) started as a child process on free ports, with its
 * own data directory, for a load test that was given no cluster to talk to. Stopped as Ctrl-C stops it.
 */
final class LocalClusterProcess implements AutoCloseable {

    private static final Pattern REDIS = Pattern.compile("^\\s+Redis\\s+(redis://\\S+)");
    private static final String LAUNCHER = "io.ratelimiter.cluster.LocalCluster";

    private final Process process;
    private final URI frontDoor;
    private final List<URI> nodes;
    private final List<URI> managementPorts;
    private final String redisUri;

    private LocalClusterProcess(Process process, URI frontDoor, List<URI> nodes, List<URI> managementPorts, String redisUri) {
        this.process = process;
        this.frontDoor = frontDoor;
        this.nodes = nodes;
        this.managementPorts = managementPorts;
        this.redisUri = redisUri;
    }

    /** Starts the launcher from the repository root (jars and launcher class path built) and waits until it runs. */
    static LocalClusterProcess start(Path repository, int nodeCount, Path dataDirectory) {
        Path classpathFile = repository.resolve("local-cluster/target/launcher.classpath");
        if (!Files.isRegularFile(classpathFile)) {
            throw new IllegalStateException("the local cluster is not built: run ./mvnw -q -DskipTests package first"
                    + " (loadtest/run does), or give --base-url of a running cluster");
        }
        // The launcher numbers its nodes (and their management ports) from the first, so each block must be free.
        int base = FreePorts.consecutive(nodeCount + 4);
        int lbPort = base;
        int firstNodePort = base + 1;
        int firstManagementPort = FreePorts.consecutive(nodeCount);
        int adminManagementPort = FreePorts.next();
        try {
            String classpath = repository.resolve("local-cluster/target/classes") + ":" + Files.readString(classpathFile).strip();
            String java = ProcessHandle.current().info().command().orElse("java");
            Process process = new ProcessBuilder(java, "-cp", classpath, LAUNCHER, "--nodes=" + nodeCount,
                    "--lb-port=" + lbPort, "--first-node-port=" + firstNodePort, "--admin-port=" + (base + nodeCount + 1),
                    "--redis-port=" + (base + nodeCount + 2), "--postgres-port=" + (base + nodeCount + 3),
                    "--first-management-port=" + firstManagementPort, "--admin-management-port=" + adminManagementPort,
                    "--data-dir=" + dataDirectory.toAbsolutePath())
                    .directory(repository.toFile())
                    .redirectErrorStream(true)
                    .start();
            CompletableFuture<String> redis = new CompletableFuture<>();
            CompletableFuture<Boolean> balanced = new CompletableFuture<>();
            CompletableFuture<Void> running = new CompletableFuture<>();
            Thread reader = new Thread(() -> follow(process, redis, balanced, running), "local-cluster-output");
            reader.setDaemon(true);
            reader.start();
            try {
                running.get(5, TimeUnit.MINUTES);
            } catch (TimeoutException | java.util.concurrent.ExecutionException e) {
                process.destroy();
                throw new IllegalStateException("the local cluster did not start (its output is above)", e);
            }
            List<URI> nodes = IntStream.range(0, nodeCount).mapToObj(i -> URI.create("http://127.0.0.1:" + (firstNodePort + i))).toList();
            List<URI> management = IntStream.range(0, nodeCount)
                    .mapToObj(i -> URI.create("http://127.0.0.1:" + (firstManagementPort + i))).toList();
            URI front = balanced.getNow(false) ? URI.create("http://127.0.0.1:" + lbPort) : nodes.get(0);
            return new LocalClusterProcess(process, front, nodes, management, redis.getNow(null));
        } catch (IOException e) {
            throw new UncheckedIOException("could not start the local cluster", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static void follow(Process process, CompletableFuture<String> redis, CompletableFuture<Boolean> balanced,
                               CompletableFuture<Void> running) {
        try (BufferedReader lines = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = lines.readLine()) != null) {
                if (!running.isDone() || !line.startsWith("status:")) {
                    System.out.println("  [cluster] " + line);
                }
                Matcher m = REDIS.matcher(line);
                if (m.find()) {
                    redis.complete(m.group(1));
                }
                if (line.contains("API (through nginx)")) {
                    balanced.complete(true);
                }
                if (line.startsWith("  Logs")) {
                    balanced.complete(false);
                    running.complete(null);
                }
            }
        } catch (IOException ignored) {
            // The process ended; running fails below if it never started.
        }
        running.completeExceptionally(new IllegalStateException("the launcher exited"));
    }

    URI frontDoor() {
        return frontDoor;
    }

    List<URI> nodes() {
        return nodes;
    }

    /** Each node's health and metrics, which the launcher puts on a port of their own as the deployments do. */
    List<URI> managementPorts() {
        return managementPorts;
    }

    Optional<String> redisUri() {
        return Optional.ofNullable(redisUri);
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(90, TimeUnit.SECONDS)) {
                System.err.println("the local cluster did not stop within 90 s; it stops its children on its next start");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
