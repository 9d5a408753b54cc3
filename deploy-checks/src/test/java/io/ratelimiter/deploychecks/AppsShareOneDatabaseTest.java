package io.ratelimiter.deploychecks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ratelimiter.realservers.EmbeddedPostgresServer;
import io.ratelimiter.realservers.FreePorts;
import io.ratelimiter.realservers.ServiceProcess;
import io.ratelimiter.realservers.answers.ShortenerAnswers;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The two apps' jars on one real PostgreSQL, configured exactly as compose.yaml and Terraform configure them (their
 * environment, with only hosts and ports pointed at the servers here), with deploy/postgres/roles.sql run first as
 * the deployments run it, and Redis with the deployments' ACL users: started API first, console first and both at
 * the same moment, on a fresh database each time. Each must come up, serve, and hold no more rights than its role
 * gives. (Before the schemas, whichever started second crash-looped on Flyway's "non-empty schema".)
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AppsShareOneDatabaseTest {

    private static final Path SHORTENER_JAR = Repository.path("shortener-api", "target", "shortener-api.jar");
    private static final Path CONSOLE_JAR = Repository.path("admin-ui", "target", "admin-ui.jar");
    private static final Duration START_TIMEOUT = Duration.ofMinutes(3);
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private final AtomicInteger databases = new AtomicInteger();
    private EmbeddedPostgresServer postgres;
    private RedisServer composeRedis;
    private RedisServer terraformRedis;
    private RenderedCluster terraform;
    private Path workDir;

    @BeforeAll
    void start(@TempDir Path dir) throws Exception {
        assertThat(SHORTENER_JAR).as("built by the reactor before this module").exists();
        assertThat(CONSOLE_JAR).as("built by the reactor before this module").exists();
        workDir = dir;
        terraform = RenderedCluster.get();
        postgres = EmbeddedPostgresServer.start(FreePorts.next());
        requirePasswords();
        composeRedis = RedisServer.withComposeEntrypoint(Files.createDirectories(dir.resolve("compose-redis")),
                ComposeFile.environment("redis", ComposeFileTest.DOT_ENV));
        terraformRedis = RedisServer.withAclFile(Files.createDirectories(dir.resolve("terraform-redis")),
                RenderedCluster.file(terraform.cloudConfig("redis"), "/etc/redis/users.acl"));
    }

    @AfterAll
    void stop() {
        for (AutoCloseable server : new AutoCloseable[] {terraformRedis, composeRedis, postgres}) {
            if (server != null) {
                try {
                    server.close();
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            }
        }
    }

    enum Order { API_FIRST, CONSOLE_FIRST, AT_ONCE }

    @ParameterizedTest(name = "{0}, {1}")
    @CsvSource({"compose, API_FIRST", "compose, CONSOLE_FIRST", "compose, AT_ONCE", "terraform, AT_ONCE"})
    void bothAppsComeUpOnOneDatabaseAndEachHoldsOnlyItsOwnRights(String deployment, Order order) throws Exception {
        String database = "ratelimiter_" + databases.incrementAndGet();
        createDatabase(database);
        Deployment configured = deployment.equals("compose") ? compose() : terraform();
        PostgresRoles.apply(postgres.host(), postgres.port(), postgres.username(), postgres.password(), database,
                configured.rolePasswords());
        Local local = new Local(database, deployment.equals("compose") ? composeRedis : terraformRedis);
        Map<String, String> api = local.environment(configured.api(), configured.postgresHostPort(), configured.redisHostPort());
        Map<String, String> console = local.environment(configured.console(), configured.postgresHostPort(), configured.redisHostPort());
        console.put("ADMIN_NODES", "http://127.0.0.1:" + api.get("ENDPOINTS_ALL_PORT"));

        List<ServiceProcess> started = new ArrayList<>();
        try {
            // Each process is listed before it is awaited, so one that never gets healthy is still stopped below.
            switch (order) {
                case API_FIRST -> {
                    // The API is up but not ready until the console has seeded the policies its Redis user may not write.
                    started.add(start(deployment + "-api", SHORTENER_JAR, api));
                    started.get(0).awaitAnswering(START_TIMEOUT);
                    started.add(start(deployment + "-console", CONSOLE_JAR, console));
                }
                case CONSOLE_FIRST -> {
                    started.add(start(deployment + "-console", CONSOLE_JAR, console));
                    started.get(0).awaitHealthy(START_TIMEOUT);
                    started.add(start(deployment + "-api", SHORTENER_JAR, api));
                }
                case AT_ONCE -> {
                    started.add(start(deployment + "-api", SHORTENER_JAR, api));
                    started.add(start(deployment + "-console", CONSOLE_JAR, console));
                }
            }
            started.forEach(process -> process.awaitHealthy(START_TIMEOUT));

            theApiServesAndKeepsHealthAndMetricsOffItsPort(api);
            theConsoleServesAndKeepsHealthOffItsPort(console);
            eachRuntimeRoleHoldsOnlyItsRights(database, api, console);
            eachSchemaHasItsOwnMigrationHistoryAndPublicStaysEmpty(database);
        } finally {
            started.forEach(ServiceProcess::stop);
        }
    }

    @Test
    void aRoleWithTheWrongPasswordIsRefused() throws Exception {
        String database = "ratelimiter_" + databases.incrementAndGet();
        createDatabase(database);
        PostgresRoles.apply(postgres.host(), postgres.port(), postgres.username(), postgres.password(), database,
                compose().rolePasswords());

        assertThatThrownBy(() -> DriverManager.getConnection(postgres.jdbcUrl(database), "console", "not-its-password").close())
                .isInstanceOf(SQLException.class).hasMessageContaining("password authentication failed");
    }

    @Test
    void runningTheRolesFileAgainConvergesAndKeepsTheData() throws Exception {
        String database = "ratelimiter_" + databases.incrementAndGet();
        createDatabase(database);
        Map<String, String> passwords = compose().rolePasswords();
        PostgresRoles.apply(postgres.host(), postgres.port(), postgres.username(), postgres.password(), database, passwords);
        try (Connection owner = DriverManager.getConnection(postgres.jdbcUrl(database), "console_owner",
                passwords.get("console_owner_password")); Statement sql = owner.createStatement()) {
            sql.execute("CREATE TABLE console.kept (id bigserial PRIMARY KEY, note text)");
            sql.execute("INSERT INTO console.kept (note) VALUES ('before')");
        }

        PostgresRoles.apply(postgres.host(), postgres.port(), postgres.username(), postgres.password(), database, passwords);

        try (Connection console = DriverManager.getConnection(postgres.jdbcUrl(database), "console",
                passwords.get("console_password")); Statement sql = console.createStatement()) {
            sql.execute("INSERT INTO console.kept (note) VALUES ('after')");
            try (ResultSet rows = sql.executeQuery("SELECT count(*) FROM console.kept")) {
                assertThat(rows.next()).isTrue();
                assertThat(rows.getLong(1)).isEqualTo(2);
            }
        }
    }

    private void theApiServesAndKeepsHealthAndMetricsOffItsPort(Map<String, String> api) throws Exception {
        URI main = URI.create("http://127.0.0.1:" + api.get("MICRONAUT_SERVER_PORT"));
        URI management = URI.create("http://127.0.0.1:" + api.get("ENDPOINTS_ALL_PORT"));

        HttpResponse<String> shortened = HTTP.send(HttpRequest.newBuilder(main.resolve("/shorten"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("url=https://example.org/" + api.get("MICRONAUT_SERVER_PORT")))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(shortened.statusCode()).as(shortened.body()).isEqualTo(200);
        String code = ShortenerAnswers.code(shortened.body()).orElseThrow();
        assertThat(get(main, "/" + code).statusCode()).isEqualTo(302);
        assertThat(get(main, "/health").statusCode()).as("health on the API port").isEqualTo(404);
        assertThat(get(main, "/prometheus").statusCode()).as("metrics on the API port").isEqualTo(404);
        HttpResponse<String> health = get(management, "/health");
        assertThat(health.statusCode()).as(health.body()).isEqualTo(200);
        assertThat(health.body()).contains("\"status\":\"UP\"");
        assertThat(get(management, "/prometheus").body()).contains("ratelimiter_");
    }

    private void theConsoleServesAndKeepsHealthOffItsPort(Map<String, String> console) throws Exception {
        URI main = URI.create("http://127.0.0.1:" + console.get("MICRONAUT_SERVER_PORT"));
        URI management = URI.create("http://127.0.0.1:" + console.get("ENDPOINTS_ALL_PORT"));

        assertThat(get(main, "/login").statusCode()).isEqualTo(200);
        assertThat(get(main, "/health").statusCode()).as("health on the console's port").isNotEqualTo(200);
        assertThat(get(management, "/health").statusCode()).isEqualTo(200);
        for (String endpoint : List.of("/beans", "/env", "/loggers", "/routes", "/refresh", "/threaddump", "/prometheus")) {
            assertThat(get(management, endpoint).statusCode()).as("the console's %s", endpoint).isIn(401, 403, 404);
        }
    }

    private void eachRuntimeRoleHoldsOnlyItsRights(String database, Map<String, String> api, Map<String, String> console)
            throws SQLException {
        try (Connection superuser = DriverManager.getConnection(postgres.jdbcUrl(database), postgres.username(), postgres.password());
             Statement sql = superuser.createStatement()) {
            List<String> consoleTables = tables(sql, "console");
            List<String> shortenerTables = tables(sql, "shortener");
            assertThat(consoleTables).contains("console.audit_entry");
            assertThat(shortenerTables).contains("shortener.short_link");
            for (String table : consoleTables) {
                assertThat(privileges(sql, "console", table)).as(table).containsExactly("SELECT", "INSERT");
                assertThat(privileges(sql, "shortener", table)).as(table).isEmpty();
            }
            for (String table : shortenerTables) {
                assertThat(privileges(sql, "shortener", table)).as(table).containsExactly("SELECT", "INSERT");
                assertThat(privileges(sql, "console", table)).as(table).isEmpty();
            }
            for (String role : List.of("shortener", "console")) {
                for (String schema : List.of("public", "shortener", "console")) {
                    assertThat(bool(sql, "SELECT has_schema_privilege('" + role + "', '" + schema + "', 'CREATE')"))
                            .as("%s may create in %s", role, schema).isFalse();
                }
            }
            assertThat(bool(sql, "SELECT has_schema_privilege('shortener', 'console', 'USAGE')")).isFalse();
            assertThat(bool(sql, "SELECT has_schema_privilege('console', 'shortener', 'USAGE')")).isFalse();
        }
        // A table a later migration of the console adds is covered by the default privileges: append and read only.
        try (Connection owner = DriverManager.getConnection(postgres.jdbcUrl(database),
                console.get("FLYWAY_DATASOURCES_DEFAULT_USER"), console.get("FLYWAY_DATASOURCES_DEFAULT_PASSWORD"));
             Statement sql = owner.createStatement()) {
            sql.execute("CREATE TABLE console.later_migration (id bigserial PRIMARY KEY, outcome text NOT NULL)");
        }
        try (Connection runtime = DriverManager.getConnection(postgres.jdbcUrl(database),
                console.get("DATASOURCES_DEFAULT_USERNAME"), console.get("DATASOURCES_DEFAULT_PASSWORD"));
             Statement sql = runtime.createStatement()) {
            sql.execute("INSERT INTO console.later_migration (outcome) VALUES ('pending')");
            assertThatThrownBy(() -> sql.execute("UPDATE console.later_migration SET outcome = 'done'"))
                    .hasMessageContaining("permission denied");
            assertThatThrownBy(() -> sql.execute("DELETE FROM console.later_migration")).hasMessageContaining("permission denied");
            assertThatThrownBy(() -> sql.execute("SELECT count(*) FROM shortener.short_link")).hasMessageContaining("permission denied");
        }
        try (Connection runtime = DriverManager.getConnection(postgres.jdbcUrl(database),
                api.get("DATASOURCES_DEFAULT_USERNAME"), api.get("DATASOURCES_DEFAULT_PASSWORD"));
             Statement sql = runtime.createStatement()) {
            assertThatThrownBy(() -> sql.execute("SELECT count(*) FROM console.audit_entry")).hasMessageContaining("permission denied");
            assertThatThrownBy(() -> sql.execute("DELETE FROM shortener.short_link")).hasMessageContaining("permission denied");
        }
    }

    private void eachSchemaHasItsOwnMigrationHistoryAndPublicStaysEmpty(String database) throws SQLException {
        try (Connection superuser = DriverManager.getConnection(postgres.jdbcUrl(database), postgres.username(), postgres.password());
             Statement sql = superuser.createStatement()) {
            for (String schema : List.of("shortener", "console")) {
                try (ResultSet rows = sql.executeQuery("SELECT count(*) FILTER (WHERE NOT success), count(*) FROM "
                        + schema + ".flyway_schema_history")) {
                    assertThat(rows.next()).isTrue();
                    assertThat(rows.getLong(1)).as("failed migrations in %s", schema).isZero();
                    assertThat(rows.getLong(2)).as("migrations in %s", schema).isPositive();
                }
            }
            assertThat(tables(sql, "public")).isEmpty();
        }
    }

    private static List<String> tables(Statement sql, String schema) throws SQLException {
        List<String> tables = new ArrayList<>();
        try (ResultSet rows = sql.executeQuery("SELECT tablename FROM pg_tables WHERE schemaname = '" + schema + "' ORDER BY 1")) {
            while (rows.next()) {
                tables.add(schema + "." + rows.getString(1));
            }
        }
        return tables;
    }

    private static List<String> privileges(Statement sql, String role, String table) throws SQLException {
        List<String> held = new ArrayList<>();
        for (String privilege : List.of("SELECT", "INSERT", "UPDATE", "DELETE", "TRUNCATE", "REFERENCES", "TRIGGER")) {
            if (bool(sql, "SELECT has_table_privilege('" + role + "', '" + table + "', '" + privilege + "')")) {
                held.add(privilege);
            }
        }
        return held;
    }

    private static boolean bool(Statement sql, String query) throws SQLException {
        try (ResultSet rows = sql.executeQuery(query)) {
            assertThat(rows.next()).isTrue();
            return rows.getBoolean(1);
        }
    }

    private ServiceProcess start(String name, Path jar, Map<String, String> environment) {
        return ServiceProcess.start(name, ServiceProcess.javaCommand(jar), environment,
                workDir.resolve("logs").resolve(name + "-" + environment.get("MICRONAUT_SERVER_PORT") + ".log"),
                URI.create("http://127.0.0.1:" + environment.get("ENDPOINTS_ALL_PORT") + "/health"));
    }

    private static HttpResponse<String> get(URI base, String path) throws IOException, InterruptedException {
        return HTTP.send(HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private void createDatabase(String name) throws SQLException {
        try (Connection superuser = DriverManager.getConnection(postgres.jdbcUrl("postgres"), postgres.username(), postgres.password());
             Statement sql = superuser.createStatement()) {
            sql.execute("CREATE DATABASE " + name);
        }
    }

    /** Password authentication for every role but the superuser (the embedded server trusts everyone by default). */
    private void requirePasswords() throws SQLException {
        try (Connection superuser = DriverManager.getConnection(postgres.jdbcUrl("postgres"), postgres.username(), postgres.password());
             Statement sql = superuser.createStatement()) {
            String hbaFile;
            try (ResultSet rows = sql.executeQuery("SHOW hba_file")) {
                assertThat(rows.next()).isTrue();
                hbaFile = rows.getString(1);
            }
            Files.writeString(Path.of(hbaFile), """
                    local all all trust
                    host all postgres 127.0.0.1/32 trust
                    host all all 127.0.0.1/32 scram-sha-256
                    host all all ::1/128 scram-sha-256
                    """);
            sql.execute("SELECT pg_reload_conf()");
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** What one deployment gives the two apps and the roles file. */
    private record Deployment(Map<String, String> api, Map<String, String> console, Map<String, String> rolePasswords,
                              String postgresHostPort, String redisHostPort) {
    }

    private static Deployment compose() {
        Map<String, String> roles = ComposeFile.environment("postgres-roles", ComposeFileTest.DOT_ENV);
        return new Deployment(ComposeFile.environment("api", ComposeFileTest.DOT_ENV),
                ComposeFile.environment("admin", ComposeFileTest.DOT_ENV), rolePasswords(roles), "postgres:5432", "redis:6379");
    }

    private Deployment terraform() {
        Map<String, String> roles = new HashMap<>();
        for (String line : RenderedCluster.file(terraform.cloudConfig("postgres"), "/etc/ratelimiter/postgres-roles.env").lines().toList()) {
            roles.put(line.substring(0, line.indexOf('=')), line.substring(line.indexOf('=') + 2, line.length() - 1));
        }
        return new Deployment(RenderedCluster.environment(terraform.apiNodes().get(0), "shortener-api"),
                RenderedCluster.environment(terraform.cloudConfig("admin"), "admin-ui"), rolePasswords(roles),
                RenderedCluster.example("postgres_address") + ":5432", RenderedCluster.example("redis_address") + ":6379");
    }

    /** The roles file's variables from the environment a deployment runs it with (SHORTENER_DB_PASSWORD, ...). */
    private static Map<String, String> rolePasswords(Map<String, String> environment) {
        Map<String, String> passwords = new LinkedHashMap<>();
        PostgresRoles.ENVIRONMENT_NAMES.forEach((variable, name) -> {
            assertThat(environment).as("the deployment's environment for the roles file").containsKey(name);
            passwords.put(variable, environment.get(name));
        });
        return passwords;
    }

    /** Points a deployment's environment at the servers of this test, on free ports, and changes nothing else. */
    private final class Local {

        private final String database;
        private final RedisServer redis;

        Local(String database, RedisServer redis) {
            this.database = database;
            this.redis = redis;
        }

        Map<String, String> environment(Map<String, String> deployed, String postgresHostPort, String redisHostPort) {
            Map<String, String> local = new HashMap<>();
            deployed.forEach((name, value) -> local.put(name, value
                    .replace(postgresHostPort + "/ratelimiter", "127.0.0.1:" + postgres.port() + "/" + database)
                    .replace("@" + redisHostPort, "@127.0.0.1:" + redis.port())));
            local.put("MICRONAUT_SERVER_PORT", Integer.toString(FreePorts.next()));
            local.put("ENDPOINTS_ALL_PORT", Integer.toString(FreePorts.next()));
            assertThat(local.values()).as("every address of the deployment was pointed here")
                    .noneMatch(value -> value.contains(postgresHostPort) || value.contains(redisHostPort));
            return local;
        }
    }
}
