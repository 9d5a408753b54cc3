package io.ratelimiter.cluster;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Asks the console's own hashing command for a password hash, so the launcher never knows the hash format. The
 * password goes through standard input, never the command line where other users could read it.
 */
final class PasswordHashes {

    static final String HASH_COMMAND = "io.ratelimiter.admin.HashPassword";

    private PasswordHashes() {
    }

    static String hash(Path root, String password) {
        String java = ProcessHandle.current().info().command().orElse("java");
        try {
            Process process = new ProcessBuilder(List.of(java, "-cp", root.resolve(Jars.ADMIN).toString(), HASH_COMMAND))
                    .redirectError(ProcessBuilder.Redirect.INHERIT)
                    .start();
            try (OutputStream in = process.getOutputStream()) {
                in.write(password.getBytes(StandardCharsets.UTF_8));
            }
            String hash = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
            if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0 || hash.isEmpty()) {
                throw new IllegalStateException("the console's " + HASH_COMMAND + " did not print a hash");
            }
            return hash;
        } catch (IOException e) {
            throw new UncheckedIOException("could not run the console's " + HASH_COMMAND, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while hashing the console password", e);
        }
    }
}
