package io.ratelimiter.deploychecks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.math.BigInteger;
import java.net.InetAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * deploy/docker/compose.yaml, read as YAML and interpolated as compose would from an .env file: the services of the
 * seed's architecture, what the host can reach (the load balancer, and the console's TLS proxy on loopback unless
 * the operator opts in), data on volumes, every app with a management port, its own database roles and Redis user,
 * and memory limits. CI also boots it under a Docker engine
 * (deploy/docker/boot-check, docs/deployment.md); the apps' configuration from this file is booted in
 * AppsShareOneDatabaseTest.
 */
class ComposeFileTest {

    /** deploy/docker/.env as an operator fills it in, with values of the checks' own. */
    static final Map<String, String> DOT_ENV = Map.ofEntries(
            Map.entry("POSTGRES_PASSWORD", "compose-superuser-0123"),
            Map.entry("SHORTENER_DB_OWNER_PASSWORD", "compose-shortener-owner-0123"),
            Map.entry("SHORTENER_DB_PASSWORD", "compose-shortener-0123"),
            Map.entry("CONSOLE_DB_OWNER_PASSWORD", "compose-console-owner-0123"),
            Map.entry("CONSOLE_DB_PASSWORD", "compose-console-0123"),
            Map.entry("REDIS_NODE_PASSWORD", "compose-redis-node-0123"),
            Map.entry("REDIS_CONSOLE_PASSWORD", "compose-redis-console-0123"),
            Map.entry("ADMIN_PASSWORD_HASH", "pbkdf2-sha256:600000:c2FsdHNhbHRzYWx0c2FsdA:aGFzaGhhc2hoYXNoaGFzaGhhc2hoYXNoaGFzaGhhc2g"));

    private static final Path COMPOSE = ComposeFile.FILE;

    private final Map<String, Object> compose = ComposeFile.yaml();

    @Test
    void theClusterHasTheLoadBalancerApiNodesRedisPostgresAndTheConsoleBehindTls() {
        assertThat(map(compose.get("services")))
                .containsOnlyKeys("nginx", "api", "redis", "postgres", "postgres-roles", "admin", "admin-tls");
    }

    @Test
    void theHostReachesOnlyTheLoadBalancerAndTheConsolesTlsProxyOnLoopback() {
        for (String service : List.of("api", "redis", "postgres", "postgres-roles", "admin")) {
            assertThat(ComposeFile.ports(service)).as(service).isEmpty();
            assertThat(ComposeFile.service(service)).as(service).doesNotContainKey("network_mode");
        }
        assertThat(ComposeFile.ports("nginx")).containsExactly("${LB_PORT:-8000}:80");
        assertThat(ComposeFile.ports("admin-tls")).containsExactly("${CONSOLE_BIND:-127.0.0.1}:${CONSOLE_PORT:-8443}:443");
        assertThat(ComposeFile.interpolate(ComposeFile.ports("admin-tls").get(0), Map.of())).isEqualTo("127.0.0.1:8443:443");
    }

    @Test
    void theApiServiceScalesBecauseNoReplicaClaimsAFixedNameOrHostPort() {
        Map<String, Object> api = ComposeFile.service("api");

        assertThat(api).doesNotContainKeys("container_name", "ports", "hostname");
        assertThat(ComposeFile.rawEnvironment("nginx").get("UPSTREAM_SERVERS")).isEqualTo("server api:8080 max_fails=3 fail_timeout=10s;");
    }

    @Test
    void healthAndMetricsAnswerOnManagementPortsNoProxyForwards() {
        Map<String, String> api = ComposeFile.rawEnvironment("api");
        Map<String, String> admin = ComposeFile.rawEnvironment("admin");

        assertThat(api).containsEntry("MICRONAUT_SERVER_PORT", "8080").containsEntry("ENDPOINTS_ALL_PORT", "9080");
        assertThat(admin).containsEntry("MICRONAUT_SERVER_PORT", "8090").containsEntry("ENDPOINTS_ALL_PORT", "9090");
        assertThat(ComposeFile.rawEnvironment("admin-tls")).containsEntry("CONSOLE_UPSTREAM", "admin:8090");
        assertThat(ComposeFile.interpolate(admin.get("ADMIN_NODES"), Map.of()))
                .as("the console's overview reads each node's management port")
                .isEqualTo("http://ratelimiter-api-1:9080,http://ratelimiter-api-2:9080,http://ratelimiter-api-3:9080");
    }

    @Test
    void redisAndPostgresKeepTheirDataOnNamedVolumes() {
        Map<String, Object> volumes = map(compose.get("volumes"));

        assertThat(volumeMount("redis", "/data")).isIn(volumes.keySet());
        assertThat(volumeMount("postgres", "/var/lib/postgresql/data")).isIn(volumes.keySet());
        assertThat(Repository.read(Repository.path("deploy", "docker", "redis-start.sh"))).contains("--appendonly yes");
    }

    @Test
    void redisRunsTheSharedAclUsersThroughItsEntrypoint() {
        Map<String, Object> redis = ComposeFile.service("redis");

        assertThat(list(redis.get("entrypoint"))).containsExactly("sh", "/etc/ratelimiter/redis-start.sh");
        assertThat(mountedFrom("redis", "/etc/ratelimiter/redis-start.sh")).isEqualTo(Repository.path("deploy", "docker", "redis-start.sh"));
        assertThat(mountedFrom("redis", "/etc/ratelimiter/users.acl.template")).isEqualTo(RedisAcl.TEMPLATE);
        assertThat(redis).containsEntry("user", "redis");
    }

    @Test
    void theDatabaseRolesAreConvergedBeforeEitherAppStarts() {
        assertThat(list(ComposeFile.service("postgres-roles").get("entrypoint"))).containsExactly("sh", "/etc/ratelimiter/postgres-roles.sh");
        assertThat(mountedFrom("postgres-roles", "/etc/ratelimiter/roles.sql")).isEqualTo(PostgresRoles.FILE);
        for (String app : List.of("api", "admin")) {
            assertThat(map(map(ComposeFile.service(app).get("depends_on")).get("postgres-roles")))
                    .as(app).containsEntry("condition", "service_completed_successfully");
        }
        assertThat(ComposeFile.rawEnvironment("postgres")).containsEntry("POSTGRES_USER", "postgres");
    }

    @Test
    void nginxRendersTheSharedTemplatesThroughTheImagesTemplateMechanism() {
        assertThat(mountedFrom("nginx", "/etc/nginx/templates/ratelimiter.conf.template")).isEqualTo(NginxTemplate.FILE);
        assertThat(mountedFrom("admin-tls", "/etc/nginx/templates/console-tls.conf.template")).isEqualTo(ConsoleTlsProxyTest.TEMPLATE);
        assertThat(ComposeFile.rawEnvironment("nginx")).containsKeys(NginxTemplate.PLACEHOLDERS.toArray(String[]::new))
                .containsEntry("NGINX_ENVSUBST_FILTER", "^(LISTEN_PORT|UPSTREAM_SERVERS)$$");
        assertThat(NginxTemplate.placeholdersIn(Repository.read(ConsoleTlsProxyTest.TEMPLATE)))
                .allSatisfy(placeholder -> assertThat(ComposeFile.rawEnvironment("admin-tls")).containsKey(placeholder));
        for (String proxy : List.of("nginx", "admin-tls")) {
            assertThat(list(ComposeFile.service(proxy).get("tmpfs"))).as("no default.conf beside ours").contains("/etc/nginx/conf.d");
        }
        assertThat(map(map(ComposeFile.service("nginx").get("depends_on")).get("api"))).containsEntry("condition", "service_healthy");
    }

    @Test
    void theApiNodesTrustOnlyNginxAndTheConsoleOnlyItsTlsProxy() throws Exception {
        Map<String, Object> ipam = map(list(map(map(map(compose.get("networks")).get("backend")).get("ipam")).get("config")).get(0));

        for (String[] pair : List.of(new String[] {"nginx", "api"}, new String[] {"admin-tls", "admin"})) {
            String proxy = (String) map(map(ComposeFile.service(pair[0]).get("networks")).get("backend")).get("ipv4_address");
            assertThat(ComposeFile.rawEnvironment(pair[1])).containsEntry("RATE_LIMITER_TRUSTED_PROXIES", proxy + "/32");
            assertThat(inCidr(proxy, (String) ipam.get("subnet"))).isTrue();
            assertThat(inCidr(proxy, (String) ipam.get("ip_range"))).as("outside the dynamic range").isFalse();
        }
        assertThat(ComposeFile.rawEnvironment("admin")).containsEntry("MICRONAUT_SESSION_HTTP_COOKIE_SECURE", "true");
    }

    @Test
    void eachAppGetsItsOwnDatabaseRolesAndRedisUser() {
        Map<String, String> api = ComposeFile.environment("api", DOT_ENV);
        Map<String, String> admin = ComposeFile.environment("admin", DOT_ENV);
        Map<String, String> roles = ComposeFile.environment("postgres-roles", DOT_ENV);

        assertThat(api).containsEntry("DATASOURCES_DEFAULT_USERNAME", "shortener")
                .containsEntry("DATASOURCES_DEFAULT_PASSWORD", roles.get("SHORTENER_DB_PASSWORD"))
                .containsEntry("FLYWAY_DATASOURCES_DEFAULT_USER", "shortener_owner")
                .containsEntry("FLYWAY_DATASOURCES_DEFAULT_PASSWORD", roles.get("SHORTENER_DB_OWNER_PASSWORD"))
                .containsEntry("REDIS_URI", "redis://ratelimiter-node:" + DOT_ENV.get("REDIS_NODE_PASSWORD") + "@redis:6379");
        assertThat(admin).containsEntry("DATASOURCES_DEFAULT_USERNAME", "console")
                .containsEntry("DATASOURCES_DEFAULT_PASSWORD", roles.get("CONSOLE_DB_PASSWORD"))
                .containsEntry("FLYWAY_DATASOURCES_DEFAULT_USER", "console_owner")
                .containsEntry("FLYWAY_DATASOURCES_DEFAULT_PASSWORD", roles.get("CONSOLE_DB_OWNER_PASSWORD"))
                .containsEntry("REDIS_URI", "redis://ratelimiter-console:" + DOT_ENV.get("REDIS_CONSOLE_PASSWORD") + "@redis:6379");
        assertThat(api.get("DATASOURCES_DEFAULT_URL")).isEqualTo(admin.get("DATASOURCES_DEFAULT_URL"))
                .isEqualTo("jdbc:postgresql://postgres:5432/" + ComposeFile.rawEnvironment("postgres").get("POSTGRES_DB"));
        assertThat(ComposeFile.environment("redis", DOT_ENV)).containsEntry("REDIS_NODE_PASSWORD", DOT_ENV.get("REDIS_NODE_PASSWORD"))
                .containsEntry("REDIS_CONSOLE_PASSWORD", DOT_ENV.get("REDIS_CONSOLE_PASSWORD"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"POSTGRES_PASSWORD", "SHORTENER_DB_PASSWORD", "CONSOLE_DB_OWNER_PASSWORD", "REDIS_NODE_PASSWORD",
            "ADMIN_PASSWORD_HASH"})
    void composeRefusesToStartWhileARequiredSecretIsUnset(String secret) {
        Map<String, String> missing = new HashMap<>(DOT_ENV);
        missing.remove(secret);

        assertThatThrownBy(() -> List.of("api", "admin", "redis", "postgres", "postgres-roles")
                .forEach(service -> ComposeFile.environment(service, missing)))
                .hasMessageContaining("set " + secret + " in deploy/docker/.env");
    }

    @Test
    void everyLongRunningServiceHasAMemoryLimit() {
        for (String service : List.of("nginx", "api", "redis", "postgres", "admin", "admin-tls")) {
            assertThat(ComposeFile.service(service)).as(service).containsKey("mem_limit");
        }
        assertThat(Repository.read(Repository.path("deploy", "docker", "shortener-api.Dockerfile")))
                .as("the JVM sizes its heap from the container's limit").contains("-XX:MaxRAMPercentage=75");
    }

    @Test
    void theExampleEnvFileNamesEverySecretTheFileRequires() {
        String example = Repository.read(Repository.path("deploy", "docker", ".env.example"));

        assertThat(DOT_ENV.keySet()).allSatisfy(name -> assertThat(example).contains("\n" + name + "="));
        java.util.regex.Matcher required = java.util.regex.Pattern.compile("\\$\\{([A-Z_]+):\\?").matcher(Repository.read(COMPOSE));
        while (required.find()) {
            assertThat(DOT_ENV).as("a secret compose.yaml requires").containsKey(required.group(1));
        }
    }

    @Test
    void theAppImagesAreBuiltFromTheirDockerfilesInTheRepository() {
        for (String name : List.of("api", "admin")) {
            Map<String, Object> build = map(ComposeFile.service(name).get("build"));
            Path context = COMPOSE.getParent().resolve((String) build.get("context")).normalize();

            assertThat(context).isEqualTo(Repository.ROOT);
            assertThat(context.resolve((String) build.get("dockerfile"))).exists();
        }
    }

    /** Where a Docker engine with the compose plugin is installed; the engine's work is "Docker for real". */
    @Test
    void dockerComposeAcceptsTheFile() {
        var docker = Tools.find("docker");
        assumeTrue(docker.isPresent(), "docker is not on the PATH: docker compose config did not run here");
        Tools.Result version = Tools.run(Repository.ROOT, Map.of(), Duration.ofSeconds(30),
                List.of(docker.get().toString(), "compose", "version"));
        assumeTrue(version.succeeded(), "the docker compose plugin is not installed: docker compose config did not run here");

        Tools.Result config = Tools.run(Repository.ROOT, DOT_ENV, Duration.ofMinutes(1),
                List.of(docker.get().toString(), "compose", "-f", COMPOSE.toString(), "config", "--quiet"));

        assertThat(config.succeeded()).as(config.output()).isTrue();
    }

    private String volumeMount(String service, String target) {
        return list(ComposeFile.service(service).get("volumes")).stream().map(String::valueOf)
                .filter(volume -> volume.endsWith(":" + target)).map(volume -> volume.split(":")[0])
                .findFirst().orElseThrow(() -> new AssertionError(service + " mounts nothing at " + target));
    }

    /** The repository file a service mounts (read-only) at {@code target}. */
    private Path mountedFrom(String service, String target) {
        String mount = list(ComposeFile.service(service).get("volumes")).stream().map(String::valueOf)
                .filter(volume -> volume.contains(":" + target + ":")).findFirst()
                .orElseThrow(() -> new AssertionError(service + " mounts nothing at " + target));
        assertThat(mount).as("read-only").endsWith(":ro");
        Path file = COMPOSE.getParent().resolve(mount.split(":")[0]).normalize();
        assertThat(file).exists();
        return file;
    }

    private static boolean inCidr(String address, String cidr) throws Exception {
        String[] parts = cidr.split("/");
        int prefix = Integer.parseInt(parts[1]);
        BigInteger mask = BigInteger.ONE.shiftLeft(32).subtract(BigInteger.ONE.shiftLeft(32 - prefix));
        return toNumber(address).and(mask).equals(toNumber(parts[0]).and(mask));
    }

    private static BigInteger toNumber(String address) throws Exception {
        return new BigInteger(1, InetAddress.getByName(address).getAddress());
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object value) {
        assertThat(value).isInstanceOf(Map.class);
        return (Map<String, Object>) value;
    }

    @SuppressWarnings("unchecked")
    private static List<Object> list(Object value) {
        assertThat(value).isInstanceOf(List.class);
        return (List<Object>) value;
    }
}
