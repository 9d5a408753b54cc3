package io.ratelimiter.deploychecks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** terraform fmt, where terraform is on the PATH: infra-proxmox/ is written the way Terraform writes it. */
class TerraformFormatTest {

    @Test
    void theConfigurationIsFormattedAsTerraformFmtWritesIt() {
        var terraform = Tools.find("terraform");
        assumeTrue(terraform.isPresent(), "terraform is not on the PATH: terraform fmt -check did not run here");

        Tools.Result fmt = Tools.run(Repository.ROOT, Terraform.ENVIRONMENT, Duration.ofMinutes(1),
                List.of(terraform.get().toString(), "fmt", "-check", "-recursive", "-diff", "-no-color", "infra-proxmox"));

        assertThat(fmt.succeeded()).as("terraform fmt -check -recursive infra-proxmox:\n" + fmt.output()).isTrue();
    }
}
