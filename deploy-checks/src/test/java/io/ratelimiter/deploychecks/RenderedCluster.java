package io.ratelimiter.deploychecks;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.yaml.snakeyaml.Yaml;

/**
 * infra-proxmox/ rendered by the real Terraform from terraform.tfvars.example and the secrets below: the cloud-config
 * every VM would boot with. The Proxmox provider cannot be downloaded here, so a copy of the configuration drops it
 * and removes exactly the resources of modules/cloud-vm (asserted by name, so a new one is noticed), keeping every
 * local that computes the user-data; TerraformConfigurationTest checks those resources as written. Rendered once
 * per test JVM and shared by the checks that read it.
 */
final class RenderedCluster {

    static final int API_NODES = 3;
    static final Map<String, String> SECRETS = Map.of(
            "TF_VAR_proxmox_api_token", "terraform@pve!checks=00000000-0000-0000-0000-000000000000",
            "TF_VAR_shortener_db_owner_password", "checks-shortener-owner-0123",
            "TF_VAR_shortener_db_password", "checks-shortener-0123",
            "TF_VAR_console_db_owner_password", "checks-console-owner-0123",
            "TF_VAR_console_db_password", "checks-console-0123",
            "TF_VAR_redis_node_password", "checks-redis-node-0123",
            "TF_VAR_redis_console_password", "checks-redis-console-0123",
            "TF_VAR_admin_password_hash", "pbkdf2-sha256:600000:c2FsdHNhbHRzYWx0c2FsdA:aGFzaGhhc2hoYXNoaGFzaGhhc2hoYXNoaGFzaGhhc2g");
    static final List<String> ROLES = List.of("lb", "redis", "postgres", "admin", "loadtester");

    /** The resources of modules/cloud-vm, each of which needs the provider or a resource of it. */
    private static final Set<String> CUT_RESOURCES = Set.of(
            "proxmox_virtual_environment_file.user_data", "terraform_data.user_data_revision",
            "proxmox_virtual_environment_vm.this", "terraform_data.keeps_data",
            "proxmox_virtual_environment_firewall_options.this", "proxmox_virtual_environment_firewall_rules.inbound");
    private static final Pattern RESOURCE = Pattern.compile("(?m)^resource \"([a-z_]+)\" \"([a-z_]+)\"");

    private static RenderedCluster rendered;

    private final Path terraform;
    private final Path module;
    private final Map<String, Object> userData;
    private final Map<String, Object> inbound;

    private RenderedCluster(Path terraform, Path module, Map<String, Object> userData, Map<String, Object> inbound) {
        this.terraform = terraform;
        this.module = module;
        this.userData = userData;
        this.inbound = inbound;
    }

    static synchronized RenderedCluster get() {
        if (rendered == null) {
            Path terraform = Tools.require("terraform", "the cloud-init of the VMs was not rendered here");
            try {
                Path module = stageWithoutTheProvider(Files.createTempDirectory("rendered-cluster-"));
                RenderedCluster cluster = new RenderedCluster(terraform, module, Map.of(), Map.of());
                Tools.Result init = cluster.terraform(List.of("init", "-input=false", "-no-color"));
                assertThat(init.succeeded()).as(init.output()).isTrue();
                Tools.Result apply = cluster.terraform(List.of("apply", "-input=false", "-no-color", "-auto-approve",
                        "-var", "api_node_count=" + API_NODES));
                assertThat(apply.succeeded()).as(apply.output()).isTrue();
                rendered = new RenderedCluster(terraform, module, cluster.output("user_data"), cluster.output("inbound"));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return rendered;
    }

    static Map<String, Object> example() {
        return TerraformModule.parse(Repository.path("infra-proxmox", "terraform.tfvars.example"));
    }

    static String example(String name) {
        return (String) example().get(name);
    }

    static String secret(String variable) {
        return SECRETS.get("TF_VAR_" + variable);
    }

    /** Runs terraform in the staged copy, with the secrets in its environment. */
    Tools.Result terraform(List<String> arguments) {
        Map<String, String> environment = new HashMap<>(Terraform.ENVIRONMENT);
        environment.putAll(SECRETS);
        List<String> command = new ArrayList<>(List.of(terraform.toString()));
        command.addAll(arguments);
        return Tools.run(module, environment, Duration.ofMinutes(3), command);
    }

    private Map<String, Object> output(String name) {
        Tools.Result output = terraform(List.of("output", "-no-color", "-json", name));
        assertThat(output.succeeded()).as(output.output()).isTrue();
        return new Yaml().load(output.output().substring(output.output().indexOf('{')));
    }

    /** The inbound rules of a role's firewall (every API node has the same), as Terraform computed them. */
    @SuppressWarnings("unchecked")
    List<Map<String, Object>> inbound(String role) {
        return (List<Map<String, Object>>) inbound.get(role);
    }

    Path module() {
        return module;
    }

    /** The user-data text of one role's VM, as the snippet would hold it. */
    String userData(String role) {
        return (String) userData.get(role);
    }

    @SuppressWarnings("unchecked")
    List<String> apiUserData() {
        return (List<String>) userData.get("api");
    }

    /** Every VM's user-data: the five roles, then the API nodes. */
    Map<String, String> everyUserData() {
        Map<String, String> all = new java.util.LinkedHashMap<>();
        ROLES.forEach(role -> all.put(role, userData(role)));
        List<String> api = apiUserData();
        for (int i = 0; i < api.size(); i++) {
            all.put("api-" + (i + 1), api.get(i));
        }
        return all;
    }

    Map<String, Object> cloudConfig(String role) {
        return parse(userData(role));
    }

    List<Map<String, Object>> apiNodes() {
        return apiUserData().stream().map(RenderedCluster::parse).toList();
    }

    static Map<String, Object> parse(String text) {
        assertThat(text).startsWith("#cloud-config\n");
        return new Yaml().load(text);
    }

    /** The content of the file a cloud-config writes at {@code path}. */
    static String file(Map<String, Object> cloudConfig, String path) {
        return list(cloudConfig.get("write_files")).stream().map(TerraformModule::map)
                .filter(file -> path.equals(file.get("path")))
                .map(file -> (String) file.get("content"))
                .findFirst().orElseThrow(() -> new AssertionError("no " + path + " in " + cloudConfig.get("hostname")));
    }

    /** A service's environment file (NAME='value' lines) as a map. */
    static Map<String, String> environment(Map<String, Object> cloudConfig, String service) {
        Map<String, String> environment = new HashMap<>();
        for (String line : file(cloudConfig, "/etc/ratelimiter/" + service + ".env").lines().toList()) {
            int equals = line.indexOf('=');
            String quoted = line.substring(equals + 1);
            assertThat(quoted).as(line).startsWith("'").endsWith("'");
            environment.put(line.substring(0, equals), quoted.substring(1, quoted.length() - 1).replace("'\\''", "'"));
        }
        return environment;
    }

    @SuppressWarnings("unchecked")
    static List<Object> list(Object value) {
        assertThat(value).isInstanceOf(List.class);
        return (List<Object>) value;
    }

    /**
     * A copy of infra-proxmox/ (and the templates and scripts it reads) that Terraform can run without the Proxmox
     * provider: the provider and its required_providers entry are gone, and modules/cloud-vm keeps only its locals,
     * outputting the user-data it would upload.
     */
    private static Path stageWithoutTheProvider(Path work) throws IOException {
        Path infra = work.resolve("infra-proxmox");
        copyTree(Repository.path("infra-proxmox"), infra);
        for (String dir : List.of("deploy/nginx", "deploy/redis", "deploy/postgres", "deploy/tls", "loadtest/k6")) {
            copyTree(Repository.path(dir), work.resolve(dir));
        }
        // The seeded policies are one file for compose and Terraform alike.
        Files.createDirectories(work.resolve("deploy/docker"));
        Files.copy(Repository.path("deploy/docker/policies.env"), work.resolve("deploy/docker/policies.env"));

        Files.delete(infra.resolve("providers.tf"));
        String versions = "terraform {\n  required_version = \">= 1.9.0\"\n}\n";
        Files.writeString(infra.resolve("versions.tf"), versions);
        Path vm = infra.resolve("modules/cloud-vm");
        String main = Files.readString(vm.resolve("main.tf"));
        Matcher resource = RESOURCE.matcher(main);
        List<String> resources = new ArrayList<>();
        while (resource.find()) {
            resources.add(resource.group(1) + "." + resource.group(2));
        }
        assertThat(resources).as("the resources of modules/cloud-vm/main.tf this staging removes").containsExactlyInAnyOrderElementsOf(CUT_RESOURCES);
        resource.reset();
        assertThat(resource.find()).isTrue();
        assertThat(main.substring(resource.start())).as("modules/cloud-vm/main.tf: its locals come before the resources")
                .doesNotContain("\nlocals {");
        Files.writeString(vm.resolve("main.tf"), main.substring(0, resource.start()));
        Files.writeString(vm.resolve("versions.tf"), versions);
        Files.writeString(vm.resolve("outputs.tf"), """
                output "user_data" {
                  value     = local.user_data
                  sensitive = true
                }

                output "inbound" {
                  value = var.inbound
                }
                """);
        Files.writeString(infra.resolve("rendering-check.tf"), """
                output "user_data" {
                  sensitive = true
                  value = {
                    lb         = module.lb.user_data
                    redis      = module.redis.user_data
                    postgres   = module.postgres.user_data
                    admin      = module.admin.user_data
                    loadtester = module.loadtester.user_data
                    api        = module.api[*].user_data
                  }
                }

                output "inbound" {
                  value = {
                    lb         = module.lb.inbound
                    redis      = module.redis.inbound
                    postgres   = module.postgres.inbound
                    admin      = module.admin.inbound
                    loadtester = module.loadtester.inbound
                    api        = module.api[0].inbound
                  }
                }
                """);
        Files.copy(infra.resolve("terraform.tfvars.example"), infra.resolve("terraform.tfvars"));
        return infra;
    }

    private static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> files = Files.walk(from)) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                Path relative = from.relativize(file);
                if (relative.toString().contains(".terraform") || relative.toString().contains(".tfstate")
                        || relative.toString().equals("terraform.tfvars")) {
                    continue;
                }
                Path target = to.resolve(relative);
                Files.createDirectories(target.getParent());
                Files.copy(file, target, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
    }
}
