package io.ratelimiter.deploychecks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.ratelimiter.realservers.FreePorts;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Debian's redis-server (7.x, the ACL selectors the users file needs), started on a free loopback port the way a
 * deployment starts it: with an ACL file, or through compose's own entrypoint script.
 */
final class RedisServer implements AutoCloseable {

    private static final Pattern VERSION = Pattern.compile("v=(\\d+)\\.(\\d+)");

    private final Process process;
    private final int port;
    private final Path log;

    private RedisServer(Process process, int port, Path log) {
        this.process = process;
        this.port = port;
        this.log = log;
    }

    /** redis-server with {@code acl} as its aclfile, as the Redis VM runs it. */
    static RedisServer withAclFile(Path dir, String acl) {
        Path binary = redisServer();
        try {
            Path aclFile = Files.writeString(dir.resolve("users.acl"), acl);
            int port = FreePorts.next();
            return start(dir, port, List.of(binary.toString(), "--port", Integer.toString(port), "--bind", "127.0.0.1",
                    "--dir", dir.toString(), "--save", "", "--appendonly", "no", "--aclfile", aclFile.toString()), Map.of());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** deploy/docker/redis-start.sh, the compose service's entrypoint, with the environment compose gives it. */
    static RedisServer withComposeEntrypoint(Path dir, Map<String, String> environment) {
        Path binary = redisServer();
        int port = FreePorts.next();
        Map<String, String> env = new java.util.HashMap<>(environment);
        env.put("REDIS_ACL_TEMPLATE", RedisAcl.TEMPLATE.toString());
        env.put("REDIS_ACL_FILE", dir.resolve("users.acl").toString());
        env.put("REDIS_DATA_DIR", dir.toString());
        env.put("PATH", binary.getParent() + ":/usr/bin:/bin");
        return start(dir, port, List.of("sh", Repository.path("deploy", "docker", "redis-start.sh").toString(),
                "--port", Integer.toString(port), "--bind", "127.0.0.1", "--save", ""), env);
    }

    private static RedisServer start(Path dir, int port, List<String> command, Map<String, String> environment) {
        Path log = dir.resolve("redis-" + port + ".log");
        try {
            ProcessBuilder builder = new ProcessBuilder(new ArrayList<>(command)).directory(dir.toFile())
                    .redirectErrorStream(true).redirectOutput(log.toFile());
            builder.environment().putAll(environment);
            RedisServer server = new RedisServer(builder.start(), port, log);
            await().atMost(Duration.ofSeconds(20)).until(() -> {
                assertThat(server.process.isAlive()).as("redis-server exited: %s", server.log()).isTrue();
                return server.accepts();
            });
            return server;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Path redisServer() {
        Path binary = Tools.require("redis-server", "Redis was not run with the deployments' ACL users here");
        Tools.Result version = Tools.run(Repository.ROOT, Map.of(), Duration.ofSeconds(10), List.of(binary.toString(), "--version"));
        Matcher v = VERSION.matcher(version.output());
        assertThat(v.find()).as(version.output()).isTrue();
        assertThat(Integer.parseInt(v.group(1))).as("redis-server 7 or newer (ACL selectors): %s", version.output())
                .isGreaterThanOrEqualTo(7);
        return binary;
    }

    private boolean accepts() {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 500);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    int port() {
        return port;
    }

    String uri(String user, String password) {
        return "redis://" + user + ":" + password + "@127.0.0.1:" + port;
    }

    String log() {
        try {
            return Files.readString(log);
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
