package io.ratelimiter.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ClusterStatusTest {

    @TempDir
    Path data;

    private final ClusterStatus running = new ClusterStatus(ClusterStatus.RUNNING, 4242, null,
            List.of(new ClusterStatus.Service("http://localhost:8081/", "http://localhost:9081/")),
            new ClusterStatus.Service("http://localhost:8090/", "http://localhost:9090/"),
            "redis://127.0.0.1:6390", "jdbc:postgresql://127.0.0.1:5433/ratelimiter", "/tmp/logs");

    @Test
    void whatIsWrittenIsReadBackWhole() {
        running.write(data);

        assertThat(ClusterStatus.read(data)).hasValue(running);
        assertThat(data).isDirectoryNotContaining("glob:**.partial");
    }

    @Test
    void withoutNginxTheFrontDoorIsTheFirstNode() {
        assertThat(running.frontDoor()).isEqualTo("http://localhost:8081/");
    }

    @Test
    void aStoppedClusterKeepsItsAddressesButSaysItStopped() {
        running.stopped().write(data);

        ClusterStatus read = ClusterStatus.read(data).orElseThrow();
        assertThat(read.running()).isFalse();
        assertThat(read.redis()).isEqualTo(running.redis());
    }

    @Test
    void theFileIsJsonWithTheNamesItsReadersUse() throws Exception {
        running.write(data);

        assertThat(Files.readString(ClusterStatus.file(data)))
                .contains("\"state\" : \"running\"", "\"pid\" : 4242", "\"management\" : \"http://localhost:9081/\"");
    }

    @Test
    void aDirectoryNoLauncherWroteToHasNoStatus() {
        assertThat(ClusterStatus.read(data)).isEmpty();
    }
}
