package io.ratelimiter.realservers;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import redis.embedded.RedisServer;
import redis.embedded.core.RedisServerBuilder;

/** The redis-server binary shipped inside the embedded-redis Maven artifact, run as a child process. */
public final class EmbeddedRedis implements RealRedis {

    private final int port;
    private final RedisServer server;

    private EmbeddedRedis(int port, RedisServer server) {
        this.port = port;
        this.server = server;
    }

    /** A throw-away server: nothing is written to disk. */
    public static EmbeddedRedis start(int port) {
        return start(port, null, null);
    }

    /**
     * A server that keeps its data in {@code dataDirectory} (append-only file), so a restart finds it again.
     * {@code extraSettings} are redis.conf lines such as {@code cluster-enabled yes}.
     */
    public static EmbeddedRedis start(int port, Path dataDirectory, String... extraSettings) {
        try {
            RedisServerBuilder builder = RedisServer.newRedisServer()
                    .port(port)
                    .bind("127.0.0.1")
                    .onShutdownForceStop(true)
                    .setting("protected-mode no");
            if (dataDirectory == null) {
                builder.setting("save \"\"").setting("appendonly no");
            } else {
                Files.createDirectories(dataDirectory);
                builder.setting("dir " + dataDirectory.toAbsolutePath())
                        .setting("appendonly yes")
                        .setting("appendfsync everysec");
            }
            if (extraSettings != null) {
                for (String setting : extraSettings) {
                    builder.setting(setting);
                }
            }
            EmbeddedRedis redis = new EmbeddedRedis(port, builder.build());
            redis.start();
            return redis;
        } catch (IOException e) {
            throw new UncheckedIOException("could not start the embedded redis-server on port " + port, e);
        }
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
    public ServerSource source() {
        return ServerSource.EMBEDDED;
    }

    @Override
    public void stop() {
        try {
            server.stop();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void start() {
        try {
            server.start();
        } catch (IOException e) {
            throw new UncheckedIOException("could not start the embedded redis-server on port " + port, e);
        }
    }

    @Override
    public void close() {
        if (server.isActive()) {
            stop();
        }
    }
}
