package io.ratelimiter.deploychecks;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** deploy/postgres/roles.sql, run the way the deployments run it: by psql, as a superuser, on the shared database. */
final class PostgresRoles {

    static final Path FILE = Repository.path("deploy", "postgres", "roles.sql");
    static final List<String> VARIABLES = List.of("shortener_owner_password", "shortener_password",
            "console_owner_password", "console_password");
    /** The environment variable each deployment hands each of {@link #VARIABLES} in (compose's .env, Terraform's). */
    static final Map<String, String> ENVIRONMENT_NAMES = Map.of(
            "shortener_owner_password", "SHORTENER_DB_OWNER_PASSWORD",
            "shortener_password", "SHORTENER_DB_PASSWORD",
            "console_owner_password", "CONSOLE_DB_OWNER_PASSWORD",
            "console_password", "CONSOLE_DB_PASSWORD");

    private PostgresRoles() {
    }

    /** Runs the file with psql; {@code passwords} maps each of {@link #VARIABLES} to its value. */
    static void apply(String host, int port, String superuser, String superuserPassword, String database,
                      Map<String, String> passwords) {
        Path psql = Tools.require("psql", "deploy/postgres/roles.sql was not run here");
        assertThat(passwords).containsOnlyKeys(VARIABLES);
        List<String> command = new ArrayList<>(List.of(psql.toString(), "--host=" + host, "--port=" + port,
                "--username=" + superuser, "--dbname=" + database, "--quiet", "--no-psqlrc", "-v", "ON_ERROR_STOP=1"));
        passwords.forEach((name, value) -> command.addAll(List.of("-v", name + "=" + value)));
        command.addAll(List.of("-f", FILE.toString()));
        Tools.Result result = Tools.run(Repository.ROOT, Map.of("PGPASSWORD", superuserPassword), Duration.ofMinutes(1), command);
        assertThat(result.succeeded()).as("psql -f roles.sql: " + result.output()).isTrue();
        assertThat(result.output()).as("roles.sql prints no password").doesNotContain(passwords.values());
    }
}
