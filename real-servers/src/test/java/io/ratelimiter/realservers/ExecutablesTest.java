package io.ratelimiter.realservers;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ExecutablesTest {

    @TempDir
    Path directory;

    @Test
    void theFirstDirectoryOfThePathThatHasTheProgramWins() throws IOException {
        Path first = Files.createDirectories(directory.resolve("first"));
        Path second = Files.createDirectories(directory.resolve("second"));
        executable(second.resolve("tool"));
        Path wanted = executable(first.resolve("tool"));

        String path = String.join(File.pathSeparator, "", first.toString(), second.toString());

        assertThat(Executables.find("tool", path, List.of())).hasValue(wanted);
    }

    @Test
    void aFileThatIsNotExecutableIsNotTheProgram() throws IOException {
        Files.writeString(directory.resolve("tool"), "not a program");

        assertThat(Executables.find("tool", directory.toString(), List.of())).isEmpty();
    }

    @Test
    void theExtraDirectoriesAreSearchedAfterThePath() throws IOException {
        Path sbin = Files.createDirectories(directory.resolve("sbin"));
        Path nginx = executable(sbin.resolve("nginx"));

        assertThat(Executables.find("nginx", "", List.of(sbin))).hasValue(nginx);
    }

    private static Path executable(Path file) throws IOException {
        Files.writeString(file, "#!/bin/sh\n");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
        return file;
    }
}
