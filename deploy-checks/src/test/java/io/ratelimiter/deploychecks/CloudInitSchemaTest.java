package io.ratelimiter.deploychecks;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every VM's rendered user-data ({@link RenderedCluster}) against cloud-init's own schema, with Debian's cloud-init
 * (the version of the VMs' template): a misspelt key or a wrong type fails here rather than at first boot, where
 * cloud-init would skip the module and the VM would come up half configured.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CloudInitSchemaTest {

    private Path cloudInit;
    private RenderedCluster cluster;

    @BeforeAll
    void find() {
        cloudInit = Tools.require("cloud-init", "no rendered cloud-config was checked against cloud-init's schema here");
        cluster = RenderedCluster.get();
    }

    @Test
    void everyRenderedCloudConfigIsValidForCloudInit(@TempDir Path dir) throws IOException {
        Map<String, String> userData = cluster.everyUserData();

        assertThat(userData).hasSize(RenderedCluster.ROLES.size() + RenderedCluster.API_NODES);
        for (Map.Entry<String, String> vm : userData.entrySet()) {
            Tools.Result result = schema(Files.writeString(dir.resolve(vm.getKey() + ".user-data.yaml"), vm.getValue()));

            assertThat(result.succeeded()).as("cloud-init schema of %s:\n%s", vm.getKey(), result.output()).isTrue();
            assertThat(result.output()).as(vm.getKey()).contains("Valid cloud-config");
        }
    }

    @Test
    void theSchemaCheckRefusesAConfigCloudInitWouldSkip(@TempDir Path dir) throws IOException {
        String broken = cluster.userData("redis").replace("\"package_update\": true", "\"package_update\": \"sometimes\"");
        assertThat(broken).isNotEqualTo(cluster.userData("redis"));

        Tools.Result result = schema(Files.writeString(dir.resolve("broken.user-data.yaml"), broken));

        assertThat(result.succeeded()).as(result.output()).isFalse();
        assertThat(result.output()).contains("package_update");
    }

    private Tools.Result schema(Path file) {
        return Tools.run(file.getParent(), Map.of(), Duration.ofMinutes(1),
                List.of(cloudInit.toString(), "schema", "--config-file", file.toString()));
    }
}
