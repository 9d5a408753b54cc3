package io.ratelimiter.deploychecks;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** terraform fmt: infra-proxmox/ is written the way Terraform writes it. */
class TerraformFormatTest {

    @Test
    void theConfigurationIsFormattedAsTerraformFmtWritesIt() {
        Path terraform = Tools.require("terraform", "terraform fmt -check did not run here");

        Tools.Result fmt = Tools.run(Repository.ROOT, Terraform.ENVIRONMENT, Duration.ofMinutes(1),
                List.of(terraform.toString(), "fmt", "-check", "-recursive", "-diff", "-no-color", "infra-proxmox"));

        assertThat(fmt.succeeded()).as("terraform fmt -check -recursive infra-proxmox:\n" + fmt.output()).isTrue();
    }
}
