package io.ratelimiter.loadtest.scale;

import io.ratelimiter.realservers.Executables;
import io.ratelimiter.realservers.FreePorts;
import io.ratelimiter.realservers.RealRedis;
import io.ratelimiter.realservers.RealServers;
import io.ratelimiter.realservers.RedisAdmin;
import io.ratelimiter.realservers.RedisInfo;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * The Redis a benchmark measures on: the machine's own {@code redis-server} where one is installed (Debian's 7.0,
 * what the figures were taken on), started on a free port with nothing persisted; else the embedded binary.
 */
public final class BenchRedis implements AutoCloseable {

    private final String host;
    private final int port;
    private final String origin;
    private final Process process;
    private final RealRedis embedded;

    private BenchRedis(String host, int port, String origin, Process process, RealRedis embedded) {
        this.host = host;
        this.port = port;
        this.origin = origin;
        this.process = process;
        this.embedded = embedded;
    }

    public static BenchRedis start() throws IOException {
        Optional<Path> server = Executables.onPath("redis-server");
        if (server.isPresent()) {
            int port = FreePorts.next();
            Process process = new ProcessBuilder(List.of(server.get().toString(), "--port", Integer.toString(port),
                    "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"))
                    .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            BenchRedis redis = new BenchRedis("127.0.0.1", port, server.get().toString(), process, null);
            redis.awaitAnswer();
            return redis;
        }
        RealRedis embedded = RealServers.newRedis();
        return new BenchRedis(embedded.host(), embedded.port(), "the embedded binary", null, embedded);
    }

    private void awaitAnswer() {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (true) {
            try {
                command("PING");
                return;
            } catch (RuntimeException notYet) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("redis-server on port " + port + " did not answer", notYet);
                }
                LockSupport.parkNanos(Duration.ofMillis(50).toNanos());
            }
        }
    }

    public String host() {
        return host;
    }

    public int port() {
        return port;
    }

    public String uri() {
        return "redis://" + host + ":" + port;
    }

    /** Which redis-server: its path, or the embedded binary. */
    public String origin() {
        return origin;
    }

    public String command(String... arguments) {
        return RedisAdmin.command(host, port, arguments);
    }

    /** {@code INFO section} of this server, read. */
    public RedisInfo info(String section) {
        return RedisInfo.of(host, port, section);
    }

    public String version() {
        return info("server").text("redis_version").orElse("?");
    }

    public long usedMemory() {
        return info("memory").number("used_memory");
    }

    @Override
    public void close() {
        if (embedded != null) {
            embedded.close();
            return;
        }
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }
}
