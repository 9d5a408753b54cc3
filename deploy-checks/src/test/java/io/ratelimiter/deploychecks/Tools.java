package io.ratelimiter.deploychecks;

import io.ratelimiter.realservers.Executables;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The command-line tools the checks run (terraform, nginx, psql, redis-server, cloud-init, openssl, node, envsubst).
 * A check that needs an absent tool is reported as skipped, with the reason, on a developer's machine; in CI
 * ({@code CI=true}, where .ci/run installs every one of them) it fails: no check is silently skipped there.
 */
final class Tools {

    private static final Logger LOG = LoggerFactory.getLogger(Tools.class);

    private Tools() {
    }

    /** The tool, or a skip (a failure in CI) that names it and says which check did not run. */
    static Path require(String name, String whatDidNotRun) {
        Optional<Path> found = find(name);
        if (found.isEmpty()) {
            String reason = name + " is not on the PATH: " + whatDidNotRun;
            if ("true".equalsIgnoreCase(System.getenv("CI"))) {
                throw new AssertionError(reason + " (CI must run it: .ci/run installs " + name + ")");
            }
            Assumptions.abort(reason);
        }
        return found.orElseThrow();
    }

    static Optional<Path> find(String name) {
        Optional<Path> found = Executables.onPath(name);
        if (found.isEmpty()) {
            LOG.warn("{} is not on the PATH: the checks that need it do not run on this machine", name);
        }
        return found;
    }

    static Result run(Path workDir, Map<String, String> environment, Duration timeout, List<String> command) {
        return run(workDir, environment, timeout, "", command);
    }

    static Result run(Path workDir, Map<String, String> environment, Duration timeout, String input, List<String> command) {
        ProcessBuilder builder = new ProcessBuilder(command).directory(workDir.toFile()).redirectErrorStream(true);
        builder.environment().putAll(environment);
        try {
            Process process = builder.start();
            try (var stdin = process.getOutputStream()) {
                stdin.write(input.getBytes(StandardCharsets.UTF_8));
            }
            CompletableFuture<String> output = CompletableFuture.supplyAsync(() -> readAll(process.getInputStream()));
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly().waitFor();
                throw new IllegalStateException(String.join(" ", command) + " did not finish within " + timeout);
            }
            return new Result(process.exitValue(), output.join());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static String readAll(InputStream in) {
        try (in) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    record Result(int exitCode, String output) {

        boolean succeeded() {
            return exitCode == 0;
        }

        /** The output with Terraform's box drawing and line wrapping removed, for matching its messages. */
        String flattened() {
            return output.replaceAll("\u001B\\[[;\\d]*m", "").replaceAll("[│╷╵]", " ").replaceAll("\\s+", " ");
        }
    }
}
