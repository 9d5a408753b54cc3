package io.ratelimiter.cluster;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** The runnable jars the cluster is made of, as the Maven build leaves them. */
final class Jars {

    static final Path SHORTENER = Path.of("shortener-api", "target", "shortener-api.jar");
    static final Path ADMIN = Path.of("admin-ui", "target", "admin-ui.jar");

    private Jars() {
    }

    static void requireBuilt(Path root) {
        for (Path jar : List.of(SHORTENER, ADMIN)) {
            if (!Files.isRegularFile(root.resolve(jar))) {
                throw new IllegalStateException(jar + " is missing: build first (./run-cluster builds, then starts)");
            }
        }
    }
}
