package io.ratelimiter.deploychecks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.math.BigInteger;
import java.net.InetAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

/**
 * deploy/docker/compose.yaml, read as YAML (CI also boots it: deploy/docker/boot-check): the services of the seed's
 * architecture, data on volumes, the API scalable with --scale, nginx from the shared template, and the API nodes
 * trusting only nginx.
 */
class ComposeFileTest {

    private static final Path COMPOSE = Repository.path("deploy", "docker", "compose.yaml");

    private final Map<String, Object> compose = new Yaml().load(Repository.read(COMPOSE));

    @Test
    void theClusterHasTheLoadBalancerApiNodesRedisPostgresAndTheConsole() {
        assertThat(map(compose.get("services"))).containsOnlyKeys("nginx", "api", "redis", "postgres", "admin");
    }

    @Test
    void theApiServiceScalesBecauseNoReplicaClaimsAFixedNameOrHostPort() {
        Map<String, Object> api = service("api");

        assertThat(api).doesNotContainKeys("container_name", "ports", "hostname");
        assertThat(environment("nginx").get("UPSTREAM_SERVERS")).contains("server api:8080 ");
    }

    @Test
    void redisAndPostgresKeepTheirDataOnNamedVolumes() {
        Map<String, Object> volumes = map(compose.get("volumes"));

        assertThat(list(service("redis").get("command"))).containsSubsequence("--appendonly", "yes");
        assertThat(volumeMount("redis", "/data")).isIn(volumes.keySet());
        assertThat(volumeMount("postgres", "/var/lib/postgresql/data")).isIn(volumes.keySet());
    }

    @Test
    void nginxRendersTheSharedTemplateThroughTheImagesTemplateMechanism() {
        Map<String, Object> nginx = service("nginx");
        String mount = list(nginx.get("volumes")).stream().map(String::valueOf)
                .filter(volume -> volume.contains("/etc/nginx/templates/")).findFirst().orElseThrow();
        String[] parts = mount.split(":");

        assertThat(COMPOSE.getParent().resolve(parts[0]).normalize()).isEqualTo(NginxTemplate.FILE);
        assertThat(parts[1]).endsWith(".template");
        assertThat(environment("nginx")).containsKeys(NginxTemplate.PLACEHOLDERS.toArray(String[]::new));
        assertThat(environment("nginx").get("NGINX_ENVSUBST_FILTER")).isEqualTo("^(LISTEN_PORT|UPSTREAM_SERVERS)$$");
        assertThat(list(nginx.get("tmpfs"))).as("no default.conf beside ours").contains("/etc/nginx/conf.d");
        assertThat(map(map(nginx.get("depends_on")).get("api"))).containsEntry("condition", "service_healthy");
    }

    @Test
    void theApiNodesTrustOnlyNginxWhoseAddressNoOtherContainerCanTake() throws Exception {
        String nginxAddress = (String) map(map(service("nginx").get("networks")).get("backend")).get("ipv4_address");
        Map<String, Object> ipam = map(list(map(map(map(compose.get("networks")).get("backend")).get("ipam")).get("config")).get(0));

        assertThat(environment("api")).containsEntry("RATE_LIMITER_TRUSTED_PROXIES", nginxAddress + "/32");
        assertThat(inCidr(nginxAddress, (String) ipam.get("subnet"))).isTrue();
        assertThat(inCidr(nginxAddress, (String) ipam.get("ip_range"))).as("outside the dynamic range").isFalse();
    }

    @Test
    void theAppsAreConfiguredAsTheContractsSay() {
        Map<String, String> api = environment("api");
        Map<String, String> admin = environment("admin");
        Map<String, String> postgres = environment("postgres");
        String database = "jdbc:postgresql://postgres:5432/" + postgres.get("POSTGRES_DB");

        assertThat(api).containsEntry("MICRONAUT_SERVER_PORT", "8080")
                .containsEntry("REDIS_URI", "redis://redis:6379")
                .containsEntry("DATASOURCES_DEFAULT_URL", database)
                .containsEntry("DATASOURCES_DEFAULT_USERNAME", postgres.get("POSTGRES_USER"))
                .containsEntry("DATASOURCES_DEFAULT_PASSWORD", postgres.get("POSTGRES_PASSWORD"))
                .containsKey("SHORTENER_BASE_URL");
        assertThat(admin).containsEntry("MICRONAUT_SERVER_PORT", "8090")
                .containsEntry("REDIS_URI", api.get("REDIS_URI"))
                .containsEntry("DATASOURCES_DEFAULT_URL", database)
                .containsEntry("DATASOURCES_DEFAULT_PASSWORD", postgres.get("POSTGRES_PASSWORD"))
                .containsKeys("ADMIN_USERNAME", "ADMIN_PASSWORD_HASH");
    }

    @Test
    void theAppImagesAreBuiltFromTheirDockerfilesInTheRepository() {
        for (String name : List.of("api", "admin")) {
            Map<String, Object> build = map(service(name).get("build"));
            Path context = COMPOSE.getParent().resolve((String) build.get("context")).normalize();

            assertThat(context).isEqualTo(Repository.ROOT);
            assertThat(context.resolve((String) build.get("dockerfile"))).exists();
        }
    }

    @Test
    void dockerComposeAcceptsTheFile() {
        var docker = Tools.find("docker");
        assumeTrue(docker.isPresent(), "docker is not on the PATH: docker compose config did not run here");
        Tools.Result version = Tools.run(Repository.ROOT, Map.of(), Duration.ofSeconds(30),
                List.of(docker.get().toString(), "compose", "version"));
        assumeTrue(version.succeeded(), "the docker compose plugin is not installed: docker compose config did not run here");

        Tools.Result config = Tools.run(Repository.ROOT,
                Map.of("POSTGRES_PASSWORD", "checks-only", "ADMIN_PASSWORD_HASH", "pbkdf2-sha256:600000:c2FsdA:aGFzaA"),
                Duration.ofMinutes(1), List.of(docker.get().toString(), "compose", "-f", COMPOSE.toString(), "config", "--quiet"));

        assertThat(config.succeeded()).as(config.output()).isTrue();
    }

    private String volumeMount(String service, String target) {
        return list(service(service).get("volumes")).stream().map(String::valueOf)
                .filter(volume -> volume.endsWith(":" + target)).map(volume -> volume.split(":")[0])
                .findFirst().orElseThrow(() -> new AssertionError(service + " mounts nothing at " + target));
    }

    private Map<String, Object> service(String name) {
        return map(map(compose.get("services")).get(name));
    }

    @SuppressWarnings("unchecked")
    private Map<String, String> environment(String service) {
        return (Map<String, String>) (Map<String, ?>) map(service(service).get("environment"));
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
