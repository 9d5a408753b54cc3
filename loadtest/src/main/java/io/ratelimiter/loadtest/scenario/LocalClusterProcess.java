package io.ratelimiter.loadtest.scenario;

import io.ratelimiter.cluster.ClusterStatus;
import io.ratelimiter.cluster.LocalCluster;
import io.ratelimiter.realservers.FreePorts;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * The local cluster (the launcher behind {@code ./run-cluster}) started as a child process on free ports, with its
 * own data directory, for a load test that was given no cluster to talk to. Where its parts are comes from the
 * launcher's status file ({@link ClusterStatus}); stopped as Ctrl-C stops it.
 */
final class LocalClusterProcess implements AutoCloseable {

    private static final Duration START_TIMEOUT = Duration.ofMinutes(5);

    private final Process process;
    private final ClusterStatus status;

    private LocalClusterProcess(Process process, ClusterStatus status) {
        this.process = process;
        this.status = status;
    }

    /**
     * Starts the launcher from the repository root (the apps' jars built) and waits until it runs. The launcher is a
     * Maven dependency of the load test, so it runs on this JVM's own class path.
     */
    static LocalClusterProcess start(Path repository, int nodeCount, Path dataDirectory) {
        // The launcher numbers its nodes (and their management ports) from the first, so each block must be free.
        int base = FreePorts.consecutive(nodeCount + 4);
        int firstManagementPort = FreePorts.consecutive(nodeCount);
        int adminManagementPort = FreePorts.next();
        Path data = dataDirectory.toAbsolutePath();
        try {
            String java = ProcessHandle.current().info().command().orElse("java");
            Process process = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"), LocalCluster.class.getName(),
                    "--nodes=" + nodeCount, "--lb-port=" + base, "--first-node-port=" + (base + 1),
                    "--admin-port=" + (base + nodeCount + 1), "--redis-port=" + (base + nodeCount + 2),
                    "--postgres-port=" + (base + nodeCount + 3), "--first-management-port=" + firstManagementPort,
                    "--admin-management-port=" + adminManagementPort, "--data-dir=" + data)
                    .directory(repository.toFile())
                    .redirectErrorStream(true)
                    .start();
            Thread reader = new Thread(() -> follow(process), "local-cluster-output");
            reader.setDaemon(true);
            reader.start();
            return new LocalClusterProcess(process, awaitRunning(process, data));
        } catch (IOException e) {
            throw new UncheckedIOException("could not start the local cluster", e);
        }
    }

    /** The status this launcher writes once every process is healthy (not one a crashed run left behind). */
    private static ClusterStatus awaitRunning(Process process, Path data) {
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        while (true) {
            Optional<ClusterStatus> status = ClusterStatus.read(data)
                    .filter(written -> written.running() && written.pid() == process.pid());
            if (status.isPresent()) {
                return status.get();
            }
            if (!process.isAlive() || System.nanoTime() > deadline) {
                process.destroy();
                throw new IllegalStateException("the local cluster did not start (its output is above)");
            }
            LockSupport.parkNanos(Duration.ofMillis(250).toNanos());
        }
    }

    /** The launcher's lines, for the person watching, until it runs (then only what is not its status line). */
    private static void follow(Process process) {
        try (BufferedReader lines = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = lines.readLine()) != null) {
                if (!line.startsWith("status:")) {
                    System.out.println("  [cluster] " + line);
                }
            }
        } catch (IOException ignored) {
            // The process ended; awaitRunning says so if it never ran.
        }
    }

    ClusterStatus status() {
        return status;
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
