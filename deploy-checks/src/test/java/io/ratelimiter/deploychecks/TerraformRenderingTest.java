package io.ratelimiter.deploychecks;

import static io.ratelimiter.deploychecks.RenderedCluster.environment;
import static io.ratelimiter.deploychecks.RenderedCluster.example;
import static io.ratelimiter.deploychecks.RenderedCluster.file;
import static io.ratelimiter.deploychecks.RenderedCluster.list;
import static io.ratelimiter.deploychecks.RenderedCluster.secret;
import static org.assertj.core.api.Assertions.assertThat;

import io.ratelimiter.realservers.FreePorts;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * What each VM boots with, rendered by the real Terraform from terraform.tfvars.example ({@link RenderedCluster}):
 * the environment of every service, the configs of nginx, Redis and PostgreSQL, every script's shell syntax, and
 * that invalid values stop a plan. cloud-init's own schema check of the same files is {@link CloudInitSchemaTest}.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TerraformRenderingTest {

    private RenderedCluster cluster;

    @BeforeAll
    void render() {
        cluster = RenderedCluster.get();
    }

    @Test
    void everyApiNodeBootsWithTheSameEnvironmentPointingAtTheOneRedisAndDatabase() {
        List<Map<String, Object>> nodes = cluster.apiNodes();
        Map<String, String> environment = environment(nodes.get(0), "shortener-api");
        String database = "jdbc:postgresql://" + example("postgres_address") + ":5432/ratelimiter";

        assertThat(nodes).hasSize(RenderedCluster.API_NODES)
                .allSatisfy(node -> assertThat(environment(node, "shortener-api")).isEqualTo(environment));
        assertThat(nodes.stream().map(node -> node.get("hostname")))
                .containsExactly("ratelimiter-api-1", "ratelimiter-api-2", "ratelimiter-api-3");
        assertThat(environment)
                .containsEntry("REDIS_URI", "redis://ratelimiter-node:" + secret("redis_node_password") + "@" + example("redis_address") + ":6379")
                .containsEntry("DATASOURCES_DEFAULT_URL", database)
                .containsEntry("DATASOURCES_DEFAULT_USERNAME", "shortener")
                .containsEntry("DATASOURCES_DEFAULT_PASSWORD", secret("shortener_db_password"))
                .containsEntry("FLYWAY_DATASOURCES_DEFAULT_URL", database)
                .containsEntry("FLYWAY_DATASOURCES_DEFAULT_USER", "shortener_owner")
                .containsEntry("FLYWAY_DATASOURCES_DEFAULT_PASSWORD", secret("shortener_db_owner_password"))
                .containsEntry("RATE_LIMITER_TRUSTED_PROXIES", example("lb_address") + "/32")
                .containsEntry("SHORTENER_BASE_URL", "http://" + example("lb_address"))
                .containsEntry("MICRONAUT_SERVER_PORT", "8080")
                .containsEntry("ENDPOINTS_ALL_PORT", "9080");
    }

    @Test
    void theConsoleListensOnLoopbackBehindItsTlsProxyAndReadsEveryNodesManagementPort() {
        Map<String, Object> admin = cluster.cloudConfig("admin");
        Map<String, String> console = environment(admin, "admin-ui");
        String nodes = String.join(",", IntStream.range(0, RenderedCluster.API_NODES)
                .mapToObj(i -> "http://" + apiAddress(i) + ":9080").toList());

        assertThat(console)
                .containsEntry("MICRONAUT_SERVER_HOST", "127.0.0.1")
                .containsEntry("MICRONAUT_SERVER_PORT", "8090")
                .containsEntry("ENDPOINTS_ALL_PORT", "9090")
                .containsEntry("REDIS_URI", "redis://ratelimiter-console:" + secret("redis_console_password") + "@" + example("redis_address") + ":6379")
                .containsEntry("DATASOURCES_DEFAULT_USERNAME", "console")
                .containsEntry("FLYWAY_DATASOURCES_DEFAULT_USER", "console_owner")
                .containsEntry("ADMIN_PASSWORD_HASH", secret("admin_password_hash"))
                .containsEntry("ADMIN_NODES", nodes)
                .containsEntry("MICRONAUT_SESSION_HTTP_COOKIE_SECURE", "true");
        assertThat(file(admin, "/etc/ratelimiter/nginx-console-tls.conf")).isEqualTo(NginxTemplate.render(
                Repository.read(ConsoleTlsProxyTest.TEMPLATE), Map.of("CONSOLE_LISTEN_PORT", "443",
                        "CONSOLE_UPSTREAM", "127.0.0.1:8090", "CONSOLE_CERTIFICATE", "/etc/ratelimiter/tls/console.crt",
                        "CONSOLE_CERTIFICATE_KEY", "/etc/ratelimiter/tls/console.key")));
        assertThat(file(admin, "/usr/local/sbin/ratelimiter-self-signed-certificate"))
                .isEqualTo(Repository.read(ConsoleTlsProxyTest.CERTIFICATE_SCRIPT));
        assertThat(list(admin.get("runcmd")).stream().map(String::valueOf))
                .contains("[/usr/local/sbin/ratelimiter-self-signed-certificate, /etc/ratelimiter/tls, " + example("admin_address") + "]");
    }

    @Test
    void theLoadBalancerServesTheSharedTemplateListingEveryApiNodesApiPortOnly() {
        List<String> upstreams = IntStream.range(0, RenderedCluster.API_NODES)
                .mapToObj(i -> apiAddress(i) + ":8080 max_fails=3 fail_timeout=10s")
                .toList();

        assertThat(file(cluster.cloudConfig("lb"), "/etc/ratelimiter/nginx-ratelimiter.conf"))
                .isEqualTo(NginxTemplate.render(80, upstreams))
                .doesNotContain(":9080");
    }

    @Test
    void nginxAcceptsTheLoadBalancersConfig(@TempDir Path dir) {
        Path nginx = Tools.require("nginx", "the load balancer's config was not checked with nginx -t here");
        Path conf = NginxTemplate.writeStandaloneConfig(dir, file(cluster.cloudConfig("lb"), "/etc/ratelimiter/nginx-ratelimiter.conf")
                .replace("listen 80 ", "listen 127.0.0.1:" + FreePorts.next() + " "));

        Tools.Result result = NginxTemplate.test(nginx, conf);

        assertThat(result.succeeded()).as(result.output()).isTrue();
    }

    @Test
    void redisRunsTheSharedAclUsersWithHashedPasswordsAndAnAppendOnlyFile() {
        Map<String, Object> redis = cluster.cloudConfig("redis");
        String users = file(redis, "/etc/redis/users.acl");

        assertThat(file(redis, "/etc/redis/ratelimiter.conf").lines()).contains(
                "bind " + example("redis_address") + " 127.0.0.1 -::1", "aclfile /etc/redis/users.acl", "appendonly yes",
                "include /etc/redis/ratelimiter-maxmemory.conf", "maxmemory-policy volatile-ttl");
        assertThat(users).isEqualTo(RedisAcl.render("rl", secret("redis_node_password"), secret("redis_console_password")));
        assertThat(users).contains("#" + RedisAcl.sha256(secret("redis_node_password")))
                .doesNotContain(secret("redis_node_password"), secret("redis_console_password"));
    }

    @Test
    void postgresRunsTheSharedRolesFileAndAdmitsTheConsolesRolesFromTheConsoleOnly() {
        Map<String, Object> postgres = cluster.cloudConfig("postgres");
        String setup = file(postgres, "/usr/local/sbin/setup-ratelimiter-postgres");

        assertThat(file(postgres, "/etc/ratelimiter/roles.sql")).isEqualTo(Repository.read(PostgresRoles.FILE));
        assertThat(file(postgres, "/etc/ratelimiter/postgres-roles.env").lines()).containsExactlyInAnyOrder(
                "SHORTENER_DB_OWNER_PASSWORD='" + secret("shortener_db_owner_password") + "'",
                "SHORTENER_DB_PASSWORD='" + secret("shortener_db_password") + "'",
                "CONSOLE_DB_OWNER_PASSWORD='" + secret("console_db_owner_password") + "'",
                "CONSOLE_DB_PASSWORD='" + secret("console_db_password") + "'");
        assertThat(setup).contains("for client in " + example("network_cidr") + "; do",
                "host ratelimiter shortener,shortener_owner $client scram-sha-256",
                "for client in " + example("admin_address") + "/32; do",
                "host ratelimiter console,console_owner $client scram-sha-256");
    }

    @Test
    void theLoadTesterGetsEveryK6ScriptAndTheLoadBalancersAddressAndInstallsK6AfterItsOwnPackages() {
        Map<String, Object> loadtester = cluster.cloudConfig("loadtester");

        for (String script : Stream.concat(K6Scripts.NAMES.stream(), Stream.of(K6Scripts.SHARED)).toList()) {
            assertThat(file(loadtester, "/opt/k6/" + script)).isEqualTo(Repository.read(K6Scripts.DIR.resolve(script)));
        }
        assertThat(file(loadtester, "/etc/profile.d/ratelimiter-k6.sh")).isEqualTo("export BASE_URL='http://" + example("lb_address") + "'\n");
        assertThat(list(loadtester.get("packages"))).doesNotContain("k6").contains("qemu-guest-agent");
        assertThat(loadtester).doesNotContainKey("apt");
        assertThat(list(loadtester.get("runcmd")).stream().map(String::valueOf)).contains("[/usr/local/sbin/install-k6]");
    }

    @Test
    void everyVmInstallsItsGuestAgentFromDebianAloneAndStartsItFirst() {
        cluster.everyUserData().forEach((vm, text) -> {
            Map<String, Object> config = RenderedCluster.parse(text);
            assertThat(list(config.get("packages"))).as(vm).contains("qemu-guest-agent").doesNotContain("k6");
            assertThat(String.valueOf(list(config.get("runcmd")).get(0))).as(vm).isEqualTo("[systemctl, enable, --now, qemu-guest-agent]");
        });
    }

    @Test
    void eachVmAcceptsOnlyWhatItsRoleServesAndOnlyFromThoseItServes() {
        String admin = example("admin_cidr");
        String console = example("admin_address") + "/32";
        List<String> nodes = IntStream.range(0, RenderedCluster.API_NODES).mapToObj(i -> apiAddress(i) + "/32").toList();
        List<String> nodesAndConsole = Stream.concat(nodes.stream(), Stream.of(console)).toList();
        Map<String, Object> ssh = rule("22", List.of(admin));

        assertThat(rules("lb")).containsExactly(ssh, rule("80", null));
        assertThat(rules("api")).containsExactly(ssh,
                rule("8080", List.of(example("lb_address") + "/32", console)), rule("9080", List.of(console, admin)));
        assertThat(rules("redis")).containsExactly(ssh, rule("6379", nodesAndConsole));
        assertThat(rules("postgres")).containsExactly(ssh, rule("5432", nodesAndConsole));
        assertThat(rules("admin")).containsExactly(ssh, rule("443", List.of(admin)));
        assertThat(rules("loadtester")).containsExactly(ssh);
    }

    @Test
    void everyScriptAVmRunsIsValidShell() {
        Path sh = Tools.require("sh", "the VMs' scripts were not checked here");
        List<String> scripts = new ArrayList<>();
        cluster.everyUserData().values().stream().map(RenderedCluster::parse)
                .flatMap(config -> list(config.get("write_files")).stream().map(TerraformModule::map))
                .filter(file -> String.valueOf(file.get("content")).startsWith("#!/bin/sh"))
                .forEach(file -> {
                    scripts.add((String) file.get("path"));
                    Tools.Result result = Tools.run(cluster.module(), Map.of(), Duration.ofSeconds(10), (String) file.get("content"),
                            List.of(sh.toString(), "-n"));
                    assertThat(result.succeeded()).as(file.get("path") + ": " + result.output()).isTrue();
                });

        assertThat(scripts).contains("/usr/local/sbin/install-shortener-api", "/usr/local/sbin/install-admin-ui",
                "/usr/local/sbin/setup-ratelimiter-postgres", "/usr/local/sbin/setup-ratelimiter-redis",
                "/usr/local/sbin/ratelimiter-redis-maxmemory", "/usr/local/sbin/ratelimiter-redis-cli",
                "/usr/local/sbin/install-k6", "/usr/local/sbin/ratelimiter-self-signed-certificate",
                "/usr/local/bin/ratelimiter-noisy-neighbour");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "redis_address=192.168.77.5    | redis_address must be an IPv4 address inside network_cidr",
            "api_node_count=0              | api_node_count must be a whole number from 1 to 32",
            "lb_address=10.20.0.22         | Two VMs would share an address",
            "shortener_db_password=short   | shortener_db_password must be 16-128 characters",
            "admin_password_hash=secret    | admin_password_hash must be pbkdf2-sha256",
            "admin_cidr=0.0.0.0/0          | admin_cidr must be an IPv4 network",
            "console_tls_private_key=x     | console_tls_private_key must be given exactly when"})
    void aPlanWithAnInvalidValueStopsWithAClearMessage(String assignment, String message) {
        Tools.Result plan = cluster.terraform(List.of("plan", "-input=false", "-no-color", "-var", assignment));

        assertThat(plan.succeeded()).as(plan.output()).isFalse();
        assertThat(plan.flattened()).contains(message);
    }

    private List<Map<String, Object>> rules(String role) {
        return cluster.inbound(role).stream().map(rule -> rule(String.valueOf(rule.get("ports")), sourcesOf(rule))).toList();
    }

    @SuppressWarnings("unchecked")
    private static List<String> sourcesOf(Map<String, Object> rule) {
        return (List<String>) rule.get("sources");
    }

    /** A rule as the inbound list holds it, without its comment. */
    private static Map<String, Object> rule(String ports, List<String> sources) {
        Map<String, Object> rule = new java.util.HashMap<>();
        rule.put("ports", ports);
        rule.put("sources", sources);
        return rule;
    }

    static String apiAddress(int node) {
        Map<String, Object> example = RenderedCluster.example();
        String network = ((String) example.get("network_cidr")).split("/")[0];
        int first = ((Number) example.get("api_first_host_number")).intValue();
        String prefix = network.substring(0, network.lastIndexOf('.') + 1);
        return prefix + (Integer.parseInt(network.substring(network.lastIndexOf('.') + 1)) + first + node);
    }
}
