package io.ratelimiter.cluster;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Runs {@code deploy/postgres/roles.sql}, the file every deployment runs, on the cluster's own PostgreSQL: the two
 * apps get their schemas and least-privilege roles here too. psql's {@code :'name'} variables are replaced by quoted
 * literals, as psql would; the passwords are new at every start (the file sets them each time it runs).
 */
final class PostgresRoles {

    static final Path FILE = Path.of("deploy", "postgres", "roles.sql");
    private static final SecureRandom RANDOM = new SecureRandom();

    private PostgresRoles() {
    }

    /** The shortener's and the console's access, in that order, after the file ran as {@code superuser}. */
    static Map<String, AppDatabase> apply(Path root, String url, String superuser, String superuserPassword) {
        Map<String, String> passwords = new LinkedHashMap<>();
        for (String role : new String[] {"shortener_owner", "shortener", "console_owner", "console"}) {
            passwords.put(role, newPassword());
        }
        String sql = read(root.resolve(FILE));
        for (Map.Entry<String, String> password : passwords.entrySet()) {
            sql = sql.replace(":'" + password.getKey() + "_password'", "'" + password.getValue() + "'");
        }
        try (Connection connection = DriverManager.getConnection(url, superuser, superuserPassword);
             Statement statement = connection.createStatement()) {
            statement.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException("could not run " + FILE + ": " + e.getMessage(), e);
        }
        Map<String, AppDatabase> access = new LinkedHashMap<>();
        access.put("shortener", new AppDatabase(url, "shortener", passwords.get("shortener"), "shortener_owner",
                passwords.get("shortener_owner")));
        access.put("console", new AppDatabase(url, "console", passwords.get("console"), "console_owner",
                passwords.get("console_owner")));
        return access;
    }

    /** Hex: nothing in it needs quoting in SQL, a JDBC URL or an environment variable. */
    private static String newPassword() {
        byte[] bytes = new byte[24];
        RANDOM.nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException("could not read " + file, e);
        }
    }
}
