package io.ratelimiter.cluster;

import io.ratelimiter.realservers.ServiceProcess;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Optional;

/**
 * Remembers every process the cluster starts, in a file, so that a start after a crash (kill -9, a closed terminal)
 * first stops what the previous run left behind instead of failing on taken ports.
 */
final class Leftovers {

    /** A PID can be reused by an unrelated process; only kill one whose command line is recognisably ours. */
    private static final List<String> OUR_COMMANDS = List.of("redis-server", "postgres", "nginx", "shortener-api", "admin-ui");

    private final Path file;

    Leftovers(Path dataDirectory) {
        this.file = dataDirectory.resolve("run").resolve("pids");
    }

    void stopPreviousRun() {
        if (!Files.isRegularFile(file)) {
            return;
        }
        try {
            for (String line : Files.readAllLines(file)) {
                long pid = Long.parseLong(line.strip());
                ProcessHandle.of(pid).filter(ProcessHandle::isAlive).filter(Leftovers::isOurs).ifPresent(process -> {
                    System.out.println("  stopping process " + pid + " left behind by an earlier run");
                    ServiceProcess.stop(process);
                });
            }
            Files.delete(file);
        } catch (IOException e) {
            throw new UncheckedIOException("could not read " + file, e);
        }
    }

    void remember(long pid) {
        try {
            Files.createDirectories(file.getParent());
            Files.writeString(file, pid + "\n", StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException("could not write " + file, e);
        }
    }

    void forget() {
        try {
            Files.deleteIfExists(file);
        } catch (IOException ignored) {
            // A stale file only makes the next start check PIDs that are no longer alive.
        }
    }

    private static boolean isOurs(ProcessHandle process) {
        Optional<String> command = process.info().commandLine().or(() -> process.info().command());
        return command.map(text -> OUR_COMMANDS.stream().anyMatch(text::contains)).orElse(false);
    }
}
