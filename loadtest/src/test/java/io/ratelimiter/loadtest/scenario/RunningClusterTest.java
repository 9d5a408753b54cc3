package io.ratelimiter.loadtest.scenario;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RunningClusterTest {

    @TempDir
    Path data;

    @Test
    void aDirectoryWithoutAStatusFileIsNoRunningCluster() {
        assertThatThrownBy(() -> LoadTest.runningCluster(data)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("cluster-status.json").hasMessageContaining("./run-cluster");
    }

    @Test
    void aClusterMarkedStoppedIsNotTalkedTo() throws Exception {
        Files.writeString(data.resolve("cluster-status.json"), """
                {"state": "stopped", "pid": %d, "api": null, "nodes": [{"url": "http://localhost:8081/",
                 "management": "http://localhost:9081/"}], "console": null, "redis": "redis://127.0.0.1:6390",
                 "postgres": null, "logs": null}
                """.formatted(ProcessHandle.current().pid()));

        assertThatThrownBy(() -> LoadTest.runningCluster(data)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("is not running");
    }
}
