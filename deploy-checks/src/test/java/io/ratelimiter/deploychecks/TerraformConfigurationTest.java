package io.ratelimiter.deploychecks;

import static io.ratelimiter.deploychecks.TerraformModule.map;
import static org.assertj.core.api.Assertions.assertThat;

import io.ratelimiter.deploychecks.TerraformModule.TemplateCall;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The Terraform of infra-proxmox/, read with hcl4j on every machine (no provider, no network): the provider
 * pinned, the roles each in their file, every API node wired to the same Redis and PostgreSQL by Terraform,
 * addresses and counts as validated variables, secrets sensitive and never in an output.
 */
class TerraformConfigurationTest {

    private static final Path ROOT_MODULE = Repository.path("infra-proxmox");
    private static final List<String> ROLES = List.of("lb", "redis", "api", "postgres", "admin", "loadtester");
    private static final Pattern IPV4 = Pattern.compile("(?<![\\d.])(\\d{1,3}(?:\\.\\d{1,3}){3})(?![\\d.])");
    private static final Pattern SECRET_NAME = Pattern.compile("password|token|secret|private_key|hash");

    private final TerraformModule root = TerraformModule.load(ROOT_MODULE);
    private final TerraformModule cloudVm = TerraformModule.load(ROOT_MODULE.resolve("modules/cloud-vm"));
    private final TerraformModule javaService = TerraformModule.load(ROOT_MODULE.resolve("modules/java-service"));

    @Test
    void theProxmoxProviderIsBpgPinnedToOneReleaseLine() {
        Map<String, Object> proxmox = map(map(root.file("versions.tf").get("terraform")).get("required_providers"));
        Map<String, Object> provider = map(proxmox.get("proxmox"));

        assertThat(provider.get("source")).isEqualTo("bpg/proxmox");
        assertThat((String) provider.get("version")).matches("(~> |= )?0\\.\\d+\\.\\d+");
        assertThat(map(map(cloudVm.file("versions.tf").get("terraform")).get("required_providers")))
                .as("a module must name bpg/proxmox too, or Terraform looks for hashicorp/proxmox")
                .containsEntry("proxmox", Map.of("source", "bpg/proxmox"));
    }

    @Test
    void everyVirtualMachineIsTheMaintainedVmResourceConfiguredByACloudInitSnippet() {
        Map<String, Object> vm = map(cloudVm.resources("proxmox_virtual_environment_vm").get("this"));
        Map<String, Object> snippet = map(cloudVm.resources("proxmox_virtual_environment_file").get("user_data"));

        assertThat(snippet).containsEntry("content_type", "snippets");
        assertThat(map(vm.get("initialization")))
                .containsEntry("user_data_file_id", "proxmox_virtual_environment_file.user_data.id")
                .doesNotContainKey("user_account");
        assertThat(map(vm.get("clone"))).containsEntry("vm_id", "var.placement.template_vm_id");
        assertThat(map(map(map(vm.get("initialization")).get("ip_config")).get("ipv4")))
                .containsEntry("address", "var.address/var.placement.prefix_length");
    }

    @Test
    void eachRoleIsOneVirtualMachineInItsOwnFile() {
        for (String role : ROLES) {
            assertThat(root.fileDeclaring("module", role)).as("module \"%s\"", role).contains(role + ".tf");
            assertThat(root.block("module", role)).as("module \"%s\"", role)
                    .containsEntry("source", "./modules/cloud-vm")
                    .containsEntry("size", "var.vm_sizes.value");
        }
        assertThat(map(root.block("variable", "vm_sizes").get("default"))).containsOnlyKeys(ROLES);
    }

    @Test
    void theApiNodesAreCountedByAVariableThatDefaultsToTheSeedsTwo() {
        Map<String, Object> api = root.block("module", "api");

        assertThat(api).containsEntry("count", "var.api_node_count")
                .containsEntry("address", "local.api_addresses.count.index");
        assertThat(root.block("variable", "api_node_count")).containsEntry("default", 2.0);
    }

    @Test
    void everyApiNodeGetsTheSameRedisAndDatabaseFromTerraform() {
        Map<String, Object> api = root.block("module", "api");
        Map<String, Object> service = root.block("module", "api_service");
        Map<String, Object> locals = root.blocks("locals");

        // The service's cloud-config is rendered once, outside the count, and every node gets that one rendering.
        assertThat(api).containsEntry("cloud_config", "module.api_service.cloud_config");
        assertThat(service).doesNotContainKeys("count", "for_each");
        // hcl4j keeps no text of a merge() call, so this one is read as written.
        assertThat(Repository.read(Repository.path("infra-proxmox", "api.tf"))).as("the seeded policies, then the node's own settings")
                .contains("environment = merge(local.seeded_policies, local.api_environment)");
        assertThat(map(locals.get("api_environment")))
                .containsEntry("REDIS_URI", "local.redis_node_uri")
                .containsEntry("DATASOURCES_DEFAULT_URL", "local.database_url")
                .containsEntry("DATASOURCES_DEFAULT_PASSWORD", "var.shortener_db_password")
                .containsEntry("FLYWAY_DATASOURCES_DEFAULT_PASSWORD", "var.shortener_db_owner_password")
                .containsEntry("RATE_LIMITER_TRUSTED_PROXIES", "var.lb_address/32");
        assertThat((String) locals.get("redis_node_uri"))
                .isEqualTo("redis://ratelimiter-node:var.redis_node_password@var.redis_address:6379.0");
        assertThat((String) locals.get("database_url")).startsWith("jdbc:postgresql://var.postgres_address:");
        assertThat(map(locals.get("admin_environment")))
                .as("the console watches the Redis the nodes use, as its own user")
                .containsEntry("REDIS_URI", "local.redis_console_uri");
    }

    @Test
    void theVmsThatKeepDataAreNeverReplacedByAPlan() {
        Map<String, Object> vm = map(cloudVm.resources("proxmox_virtual_environment_vm").get("this"));
        Map<String, Object> guard = map(cloudVm.resources("terraform_data").get("keeps_data"));

        assertThat(vm).containsEntry("protection", "var.keeps_data");
        assertThat(map(vm.get("lifecycle")))
                .containsEntry("replace_triggered_by", List.of("terraform_data.user_data_revision"));
        assertThat(Repository.read(ROOT_MODULE.resolve("modules/cloud-vm/main.tf")))
                .as("bpg's ForceNew on the snippet must not reach the VM (bpg/terraform-provider-proxmox#2901)")
                .contains("ignore_changes       = [initialization[0].user_data_file_id]");
        assertThat(Repository.read(ROOT_MODULE.resolve("modules/cloud-vm/main.tf")))
                .contains("input = var.keeps_data ? \"kept\" : sha256(local.user_data)");
        assertThat(Repository.read(ROOT_MODULE.resolve("modules/cloud-vm/main.tf"))).contains("count = var.keeps_data ? 1 : 0");
        assertThat(map(guard.get("lifecycle")))
                .containsEntry("prevent_destroy", true)
                .containsEntry("replace_triggered_by", List.of("proxmox_virtual_environment_vm.this.id"));
        for (String role : List.of("redis", "postgres")) {
            assertThat(root.block("module", role)).as("module \"%s\"", role).containsEntry("keeps_data", true);
        }
        for (String role : List.of("lb", "api", "admin", "loadtester")) {
            assertThat(root.block("module", role)).as("module \"%s\"", role).containsEntry("keeps_data", false);
        }
    }

    @Test
    void everyVmHasAFirewallThatDropsWhatItsRulesDoNotAccept() {
        Map<String, Object> options = map(cloudVm.resources("proxmox_virtual_environment_firewall_options").get("this"));
        Map<String, Object> vm = map(cloudVm.resources("proxmox_virtual_environment_vm").get("this"));
        String main = Repository.read(ROOT_MODULE.resolve("modules/cloud-vm/main.tf"));

        assertThat(options).containsEntry("enabled", true).containsEntry("input_policy", "DROP");
        assertThat(map(vm.get("network_device"))).containsEntry("firewall", true);
        assertThat(main).contains("for_each = var.inbound", "action  = \"ACCEPT\"", "dport   = rule.value.ports");
        for (String role : ROLES) {
            assertThat(root.block("module", role)).as("module \"%s\"", role).containsKey("inbound");
        }
    }

    @Test
    void theLoadBalancerRendersTheSharedNginxTemplate() {
        TemplateCall nginx = (TemplateCall) root.blocks("locals").get("lb_nginx_config");

        assertThat(nginx.resolveAgainst(ROOT_MODULE)).isEqualTo(NginxTemplate.FILE);
        assertThat(nginx.variableMap()).containsOnlyKeys(NginxTemplate.PLACEHOLDERS);
    }

    @Test
    void theLoadTesterShipsTheK6ScriptsOfTheRepository() {
        String scriptsDir = (String) root.blocks("locals").get("k6_scripts_dir");

        assertThat(ROOT_MODULE.resolve(scriptsDir.replaceFirst("^path\\.module/", "")).normalize())
                .isEqualTo(K6Scripts.DIR);
        assertThat(Repository.read(ROOT_MODULE.resolve("loadtester.tf"))).contains("fileset(local.k6_scripts_dir, \"*.js\")");
    }

    @Test
    void addressesCountsAndSizesAreVariablesWithValidation() {
        Map<String, Object> variables = root.blocks("variable");
        Set<String> mustValidate = variables.keySet().stream()
                .filter(name -> name.endsWith("_address") || name.endsWith("_cidr") || name.endsWith("_count")
                        || name.endsWith("_host_number") || name.equals("gateway") || name.equals("dns_servers")
                        || name.equals("vm_sizes") || name.equals("template_vm_id"))
                .collect(Collectors.toSet());

        assertThat(mustValidate).contains("lb_address", "redis_address", "postgres_address", "admin_address",
                "loadtester_address", "network_cidr", "gateway", "api_node_count", "api_first_host_number", "vm_sizes");
        for (String name : mustValidate) {
            assertThat(map(variables.get(name))).as("variable \"%s\"", name).containsKey("validation");
        }
        for (String role : List.of("lb", "redis", "postgres", "admin", "loadtester")) {
            assertThat(root.block("module", role)).containsEntry("address", "var." + role + "_address");
        }
    }

    @Test
    void everyVariableHasADescriptionAndAType() {
        for (TerraformModule module : List.of(root, cloudVm, javaService)) {
            module.blocks("variable").forEach((name, body) -> assertThat(map(body))
                    .as("variable \"%s\" in %s", name, module.dir())
                    .containsKeys("description", "type"));
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"proxmox_api_token", "proxmox_ssh_private_key", "shortener_db_owner_password",
            "shortener_db_password", "console_db_owner_password", "console_db_password", "redis_node_password",
            "redis_console_password", "admin_password_hash"})
    void secretsAreSensitiveVariablesWithoutADefault(String name) {
        Map<String, Object> variable = root.block("variable", name);

        assertThat(variable).containsEntry("sensitive", true);
        assertThat(variable.get("default")).isNull();
    }

    @Test
    void everyVariableNamedLikeASecretIsSensitive() {
        root.blocks("variable").forEach((name, body) -> {
            if (SECRET_NAME.matcher(name).find()) {
                assertThat(map(body)).as("variable \"%s\"", name).containsEntry("sensitive", true);
            }
        });
    }

    @Test
    void noOutputCarriesASecretNorHidesOneAsSensitive() {
        Set<String> secrets = root.blocks("variable").entrySet().stream()
                .filter(variable -> Boolean.TRUE.equals(map(variable.getValue()).get("sensitive")))
                .map(variable -> "var." + variable.getKey())
                .collect(Collectors.toSet());
        Set<String> tainted = taintedReferences(secrets);

        assertThat(root.blocks("output")).containsKeys("lb_url", "console_url");
        root.blocks("output").forEach((name, body) -> {
            assertThat(map(body)).as("output \"%s\"", name).doesNotContainEntry("sensitive", true);
            String value = String.valueOf(map(body).get("value"));
            assertThat(tainted).as("output \"%s\" = %s", name, value)
                    .noneMatch(reference -> value.matches(".*\\b" + Pattern.quote(reference) + "\\b.*"));
        });
        assertThat(tainted).as("the check itself must see that the Redis URIs carry the Redis passwords")
                .contains("var.redis_node_password", "local.redis_node_uri", "local.redis_console_uri");
    }

    @Test
    void noAddressIsWrittenIntoTheConfigurationOutsideItsExamples() {
        for (Path file : Repository.committedFilesUnder(ROOT_MODULE)) {
            String name = file.getFileName().toString();
            if (name.endsWith(".md") || name.endsWith(".example")) {
                continue;
            }
            for (String line : Repository.read(file).lines().toList()) {
                if (line.strip().startsWith("#") || line.strip().startsWith("description")
                        || line.strip().startsWith("error_message")) {
                    continue;
                }
                Matcher address = IPV4.matcher(line);
                while (address.find()) {
                    assertThat(address.group(1)).as("%s: %s", ROOT_MODULE.relativize(file), line.strip())
                            .isEqualTo("127.0.0.1");
                }
            }
        }
    }

    @Test
    void theExampleVariablesFileSetsEveryRequiredVariableButNoSecret() {
        Map<String, Object> example = TerraformModule.parse(ROOT_MODULE.resolve("terraform.tfvars.example"));
        Map<String, Object> variables = root.blocks("variable");

        variables.forEach((name, body) -> {
            boolean secret = Boolean.TRUE.equals(map(body).get("sensitive"));
            boolean required = !map(body).containsKey("default");
            if (secret) {
                assertThat(example).as("a secret in terraform.tfvars.example").doesNotContainKey(name);
            } else if (required) {
                assertThat(example).as("required variable in terraform.tfvars.example").containsKey(name);
            }
        });
        assertThat(variables.keySet()).containsAll(example.keySet());
    }

    @Test
    void everyTerraformFileParses() throws Exception {
        try (var files = Files.walk(ROOT_MODULE)) {
            List<Path> tf = files.filter(file -> file.toString().endsWith(".tf"))
                    .filter(file -> !file.toString().contains(".terraform")).toList();
            assertThat(tf).hasSizeGreaterThanOrEqualTo(ROLES.size());
            tf.forEach(file -> assertThat(TerraformModule.parse(file)).as(file.toString()).isNotEmpty());
        }
    }

    /** The secret variables, and every local whose definition mentions one of them or another such local. */
    private Set<String> taintedReferences(Set<String> secrets) {
        Map<String, Object> locals = root.blocks("locals");
        Set<String> tainted = new HashSet<>(secrets);
        boolean grew = true;
        while (grew) {
            grew = false;
            for (Map.Entry<String, Object> local : locals.entrySet()) {
                String reference = "local." + local.getKey();
                String definition = String.valueOf(local.getValue());
                if (!tainted.contains(reference) && tainted.stream().anyMatch(definition::contains)) {
                    tainted.add(reference);
                    grew = true;
                }
            }
        }
        return tainted;
    }
}
