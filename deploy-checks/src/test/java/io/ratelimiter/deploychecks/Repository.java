package io.ratelimiter.deploychecks;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Predicate;
import java.util.stream.Stream;

/** The files under test, found from wherever Maven runs this module. */
final class Repository {

    static final Path ROOT = findRoot();

    private Repository() {
    }

    static Path path(String first, String... more) {
        return ROOT.resolve(Path.of(first, more));
    }

    static String read(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Regular files under {@code dir}, minus what an operator keeps locally and git ignores (state, tfvars, .env). */
    static List<Path> committedFilesUnder(Path dir) {
        Predicate<Path> operatorLocal = file -> {
            String name = file.getFileName().toString();
            return name.equals("terraform.tfvars") || name.equals(".env") || name.contains(".tfstate")
                    || ROOT.relativize(file).toString().contains(".terraform");
        };
        try (Stream<Path> files = Files.walk(dir)) {
            return files.filter(Files::isRegularFile).filter(operatorLocal.negate()).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Path findRoot() {
        Path start = Path.of("").toAbsolutePath();
        for (Path dir = start; dir != null; dir = dir.getParent()) {
            if (Files.isDirectory(dir.resolve("infra-proxmox")) && Files.isDirectory(dir.resolve("deploy-checks"))
                    && Files.isRegularFile(dir.resolve("pom.xml"))) {
                return dir;
            }
        }
        throw new IllegalStateException("no repository root (with infra-proxmox/ and deploy-checks/) above " + start);
    }
}
