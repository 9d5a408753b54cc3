package io.ratelimiter.realservers;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/** Finds a program the way a shell does: the first executable of that name in the {@code PATH}'s directories. */
public final class Executables {

    private Executables() {
    }

    /** {@code name} in the first directory of {@code PATH} that has it executable, e.g. {@code wrk} or {@code nginx}. */
    public static Optional<Path> onPath(String name) {
        return onPath(name, List.of());
    }

    /** As {@link #onPath(String)}, then in {@code alsoIn} (e.g. {@code /usr/sbin}, often missing from a user's PATH). */
    public static Optional<Path> onPath(String name, List<Path> alsoIn) {
        return find(name, System.getenv().getOrDefault("PATH", ""), alsoIn);
    }

    static Optional<Path> find(String name, String path, List<Path> alsoIn) {
        Stream<Path> onPath = Arrays.stream(path.split(File.pathSeparator)).filter(directory -> !directory.isBlank()).map(Path::of);
        return Stream.concat(onPath, alsoIn.stream())
                .map(directory -> directory.resolve(name))
                .filter(Files::isExecutable)
                .findFirst();
    }
}
