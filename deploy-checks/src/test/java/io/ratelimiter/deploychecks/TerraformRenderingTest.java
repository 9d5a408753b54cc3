package io.ratelimiter.deploychecks;

import static org.assertj.core.api.Assertions.assertThat;

import io.ratelimiter.realservers.FreePorts;
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
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.yaml.snakeyaml.Yaml;

/**
 * Runs the real Terraform over infra-proxmox/ with terraform.tfvars.example, where terraform is on the PATH. The
 * Proxmox provider cannot be downloaded here, so a copy of the configuration drops the provider and cuts the two
 * provider resources out of modules/cloud-vm, keeping everything before them: the cloud-config each VM would boot
 * with is rendered by the real code and read back. Variable validation and preconditions run as they would for
 * an operator.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TerraformRenderingTest {

    private static final int API_NODES = 3;
    private static final String DB_PASSWORD = "checks-db-password-0123";
    private static final String REDIS_PASSWORD = "checks-redis-password-0123";
    private static final String ADMIN_PASSWORD_HASH = "pbkdf2-sha256:600000:c2FsdHNhbHRzYWx0c2FsdA:aGFzaGhhc2hoYXNoaGFzaGhhc2hoYXNoaGFzaGhhc2g";

    private final Map<String, Object> example = TerraformModule.parse(Repository.path("infra-proxmox", "terraform.tfvars.example"));
    private Path terraform;
    private Path module;
    private Map<String, Object> userData;

    @BeforeAll
    void renderTheCluster(@TempDir Path work) throws IOException {
        terraform = Tools.require("terraform", "the cloud-init of the VMs was not rendered here");
        module = stageWithoutTheProvider(work);

        Tools.Result init = terraform(List.of("init", "-input=false", "-no-color"));
        assertThat(init.succeeded()).as(init.output()).isTrue();
        Tools.Result apply = terraform(List.of("apply", "-input=false", "-no-color", "-auto-approve", "-var", "api_node_count=" + API_NODES));
        assertThat(apply.succeeded()).as(apply.output()).isTrue();
        Tools.Result output = terraform(List.of("output", "-no-color", "-json", "user_data"));
        assertThat(output.succeeded()).as(output.output()).isTrue();
        userData = new Yaml().load(output.output().substring(output.output().indexOf('{')));
    }

    @Test
    void everyApiNodeBootsWithTheSameEnvironmentPointingAtTheOneRedisAndDatabase() {
        List<Map<String, Object>> nodes = apiNodes();
        String environment = file(nodes.get(0), "/etc/ratelimiter/shortener-api.env");

        assertThat(nodes).hasSize(API_NODES)
                .allSatisfy(node -> assertThat(file(node, "/etc/ratelimiter/shortener-api.env")).isEqualTo(environment));
        assertThat(nodes.stream().map(node -> node.get("hostname")))
                .containsExactly("ratelimiter-api-1", "ratelimiter-api-2", "ratelimiter-api-3");
        assertThat(environment.lines()).contains(
                "REDIS_URI='redis://" + REDIS_PASSWORD + "@" + example("redis_address") + ":6379'",
                "DATASOURCES_DEFAULT_URL='jdbc:postgresql://" + example("postgres_address") + ":5432/shortener'",
                "DATASOURCES_DEFAULT_PASSWORD='" + DB_PASSWORD + "'",
                "RATE_LIMITER_TRUSTED_PROXIES='" + example("lb_address") + "/32'",
                "SHORTENER_BASE_URL='http://" + example("lb_address") + "'",
                "MICRONAUT_SERVER_PORT='8080'");
    }

    @Test
    void theConsoleWatchesTheRedisTheNodesUse() {
        String console = file(cloudConfig("admin"), "/etc/ratelimiter/admin-ui.env");
        String api = file(apiNodes().get(0), "/etc/ratelimiter/shortener-api.env");

        assertThat(console.lines().filter(line -> line.startsWith("REDIS_URI=")))
                .containsExactlyElementsOf(api.lines().filter(line -> line.startsWith("REDIS_URI=")).toList());
        assertThat(console.lines()).contains("ADMIN_PASSWORD_HASH='" + ADMIN_PASSWORD_HASH + "'", "MICRONAUT_SERVER_PORT='8090'");
    }

    @Test
    void theLoadBalancerServesTheSharedTemplateListingEveryApiNode() {
        assertThat(file(cloudConfig("lb"), "/etc/ratelimiter/nginx-ratelimiter.conf")).isEqualTo(expectedLoadBalancerConfig());
    }

    @Test
    void nginxAcceptsTheLoadBalancersConfig(@TempDir Path dir) {
        Path nginx = Tools.require("nginx", "the load balancer's config was not checked with nginx -t here");
        Path conf = NginxTemplate.writeStandaloneConfig(dir, file(cloudConfig("lb"), "/etc/ratelimiter/nginx-ratelimiter.conf")
                .replace("listen 80 ", "listen 127.0.0.1:" + FreePorts.next() + " "));

        Tools.Result result = NginxTemplate.test(nginx, conf);

        assertThat(result.succeeded()).as(result.output()).isTrue();
    }

    @Test
    void redisRequiresItsPasswordAndKeepsAnAppendOnlyFile() {
        String redis = file(cloudConfig("redis"), "/etc/redis/ratelimiter.conf");

        assertThat(redis.lines()).contains("bind " + example("redis_address") + " 127.0.0.1 -::1",
                "requirepass " + REDIS_PASSWORD, "appendonly yes", "maxmemory-policy volatile-ttl");
    }

    @Test
    void theLoadTesterGetsEveryK6ScriptAndTheLoadBalancersAddress() {
        Map<String, Object> loadtester = cloudConfig("loadtester");

        for (String script : Stream.concat(K6Scripts.NAMES.stream(), Stream.of(K6Scripts.SHARED)).toList()) {
            assertThat(file(loadtester, "/opt/k6/" + script)).isEqualTo(Repository.read(K6Scripts.DIR.resolve(script)));
        }
        assertThat(file(loadtester, "/etc/profile.d/ratelimiter-k6.sh")).isEqualTo("export BASE_URL='http://" + example("lb_address") + "'\n");
        assertThat(list(loadtester.get("packages"))).contains("k6");
    }

    @Test
    void everyScriptAVmRunsIsValidShell() {
        Path sh = Tools.find("sh").orElseThrow();
        List<String> scripts = new ArrayList<>();
        Stream.concat(Stream.of("lb", "redis", "postgres", "admin", "loadtester").map(this::cloudConfig), apiNodes().stream())
                .flatMap(config -> list(config.get("write_files")).stream().map(TerraformModule::map))
                .filter(file -> String.valueOf(file.get("content")).startsWith("#!/bin/sh"))
                .forEach(file -> {
                    scripts.add((String) file.get("path"));
                    Tools.Result result = Tools.run(module, Map.of(), Duration.ofSeconds(10), (String) file.get("content"),
                            List.of(sh.toString(), "-n"));
                    assertThat(result.succeeded()).as(file.get("path") + ": " + result.output()).isTrue();
                });

        assertThat(scripts).contains("/usr/local/sbin/install-shortener-api", "/usr/local/sbin/install-admin-ui",
                "/usr/local/sbin/setup-ratelimiter-postgres", "/usr/local/bin/ratelimiter-noisy-neighbour");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "redis_address=192.168.77.5 | redis_address must be an IPv4 address inside network_cidr",
            "api_node_count=0           | api_node_count must be a whole number from 1 to 32",
            "lb_address=10.20.0.22      | Two VMs would share an address",
            "db_password=short          | db_password must be 16-128 characters",
            "admin_password_hash=secret | admin_password_hash must be pbkdf2-sha256"})
    void aPlanWithAnInvalidValueStopsWithAClearMessage(String assignment, String message) {
        Tools.Result plan = terraform(List.of("plan", "-input=false", "-no-color", "-var", assignment));

        assertThat(plan.succeeded()).as(plan.output()).isFalse();
        assertThat(plan.flattened()).contains(message);
    }

    private String expectedLoadBalancerConfig() {
        List<String> upstreams = IntStream.range(0, API_NODES)
                .mapToObj(i -> apiAddress(i) + ":8080 max_fails=3 fail_timeout=10s")
                .toList();
        return NginxTemplate.render(80, upstreams);
    }

    private String apiAddress(int node) {
        String network = example("network_cidr").split("/")[0];
        int first = ((Number) example.get("api_first_host_number")).intValue();
        String prefix = network.substring(0, network.lastIndexOf('.') + 1);
        return prefix + (Integer.parseInt(network.substring(network.lastIndexOf('.') + 1)) + first + node);
    }

    private Tools.Result terraform(List<String> arguments) {
        Map<String, String> environment = new HashMap<>(Terraform.ENVIRONMENT);
        environment.put("TF_VAR_proxmox_api_token", "terraform@pve!checks=00000000-0000-0000-0000-000000000000");
        environment.put("TF_VAR_db_password", DB_PASSWORD);
        environment.put("TF_VAR_redis_password", REDIS_PASSWORD);
        environment.put("TF_VAR_admin_password_hash", ADMIN_PASSWORD_HASH);
        List<String> command = new ArrayList<>(List.of(terraform.toString()));
        command.addAll(arguments);
        return Tools.run(module, environment, Duration.ofMinutes(3), command);
    }

    private String example(String name) {
        return (String) example.get(name);
    }

    @SuppressWarnings("unchecked")
    private List<Map<String, Object>> apiNodes() {
        return ((List<String>) userData.get("api")).stream().map(TerraformRenderingTest::parseCloudConfig).toList();
    }

    private Map<String, Object> cloudConfig(String role) {
        return parseCloudConfig((String) userData.get(role));
    }

    private static Map<String, Object> parseCloudConfig(String text) {
        assertThat(text).startsWith("#cloud-config\n");
        return new Yaml().load(text);
    }

    private static String file(Map<String, Object> cloudConfig, String path) {
        return list(cloudConfig.get("write_files")).stream().map(TerraformModule::map)
                .filter(file -> path.equals(file.get("path")))
                .map(file -> (String) file.get("content"))
                .findFirst().orElseThrow(() -> new AssertionError("no " + path + " in " + cloudConfig.get("hostname")));
    }

    @SuppressWarnings("unchecked")
    private static List<Object> list(Object value) {
        assertThat(value).isInstanceOf(List.class);
        return (List<Object>) value;
    }

    /**
     * A copy of infra-proxmox/ (and the template and scripts it reads) that Terraform can run without the Proxmox
     * provider: the provider and its required_providers entry are gone, and modules/cloud-vm keeps only what comes
     * before its first resource, outputting the user-data it would upload.
     */
    private static Path stageWithoutTheProvider(Path work) throws IOException {
        Path infra = work.resolve("infra-proxmox");
        copyTree(Repository.path("infra-proxmox"), infra);
        copyTree(NginxTemplate.FILE.getParent(), work.resolve("deploy/nginx"));
        copyTree(K6Scripts.DIR, work.resolve("loadtest/k6"));

        Files.delete(infra.resolve("providers.tf"));
        String versions = "terraform {\n  required_version = \">= 1.9.0\"\n}\n";
        Files.writeString(infra.resolve("versions.tf"), versions);
        Path vm = infra.resolve("modules/cloud-vm");
        String main = Files.readString(vm.resolve("main.tf"));
        int firstResource = main.indexOf("\nresource \"proxmox_virtual_environment_file\"");
        assertThat(firstResource).as("modules/cloud-vm/main.tf: its locals come before the resources").isPositive();
        Files.writeString(vm.resolve("main.tf"), main.substring(0, firstResource + 1));
        Files.writeString(vm.resolve("versions.tf"), versions);
        Files.writeString(vm.resolve("outputs.tf"), """
                output "user_data" {
                  value     = local.user_data
                  sensitive = true
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
                """);
        Files.copy(infra.resolve("terraform.tfvars.example"), infra.resolve("terraform.tfvars"));
        assertThat(Set.of("lb", "redis", "postgres", "admin", "loadtester", "api"))
                .allSatisfy(role -> assertThat(infra.resolve(role + ".tf")).exists());
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
