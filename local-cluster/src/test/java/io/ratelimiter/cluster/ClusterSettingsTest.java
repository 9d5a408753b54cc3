package io.ratelimiter.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ClusterSettingsTest {

    @TempDir
    Path root;

    @Test
    void defaultsDescribeThreeNodesBehindPort8080() {
        ClusterSettings settings = ClusterSettings.load(root, new String[0], Map.of());

        assertThat(settings.nodes()).isEqualTo(3);
        assertThat(settings.loadBalancerPort()).isEqualTo(8080);
        assertThat(settings.nodePort(1)).isEqualTo(8081);
        assertThat(settings.nodePort(3)).isEqualTo(8083);
        assertThat(settings.dataDirectory()).isEqualTo(root.resolve(".local-cluster"));
        assertThat(settings.redisUri()).isEmpty();
        assertThat(settings.postgresUrl()).isEmpty();
    }

    @Test
    void optionsBeatTheEnvironmentWhichBeatsTheSettingsFile() throws IOException {
        Files.writeString(root.resolve(ClusterSettings.SETTINGS_FILE), """
                # a comment
                CLUSTER_NODES=5
                CLUSTER_ADMIN_PORT=9100
                CLUSTER_LB_PORT=9000
                """);

        ClusterSettings settings = ClusterSettings.load(root, new String[] {"--nodes=2"},
                Map.of("CLUSTER_NODES", "4", "CLUSTER_LB_PORT", "9001", "REDIS_URI", "redis://10.1.1.1:6379"));

        assertThat(settings.nodes()).isEqualTo(2);
        assertThat(settings.loadBalancerPort()).isEqualTo(9001);
        assertThat(settings.adminPort()).isEqualTo(9100);
        assertThat(settings.redisUri()).hasValue("redis://10.1.1.1:6379");
    }

    @Test
    void nonsenseIsRefusedWithAMessageThatNamesTheSetting() {
        assertThatThrownBy(() -> ClusterSettings.load(root, new String[] {"--nodes=many"}, Map.of()))
                .hasMessageContaining("CLUSTER_NODES").hasMessageContaining("many");
        assertThatThrownBy(() -> ClusterSettings.load(root, new String[] {"--nodes=0"}, Map.of()))
                .hasMessageContaining("between 1 and 16");
        assertThatThrownBy(() -> ClusterSettings.load(root, new String[] {"nodes"}, Map.of()))
                .hasMessageContaining("--nodes=3");
    }
}
