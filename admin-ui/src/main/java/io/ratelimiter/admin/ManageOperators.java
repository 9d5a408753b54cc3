package io.ratelimiter.admin;

import io.ratelimiter.admin.signin.PasswordHash;
import io.ratelimiter.admin.signin.Roles;
import java.io.IOException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Adds, disables, enables and resets operator accounts in the console's database, with the console's own
 * connection settings (DATASOURCES_DEFAULT_URL, _USERNAME, _PASSWORD) and after the console has started once (its
 * migrations make the table):
 * <pre>
 * java -cp admin-ui.jar io.ratelimiter.admin.ManageOperators add alice editor    # asks for the password
 * java -cp admin-ui.jar io.ratelimiter.admin.ManageOperators reset alice         # a new password
 * java -cp admin-ui.jar io.ratelimiter.admin.ManageOperators role alice viewer
 * java -cp admin-ui.jar io.ratelimiter.admin.ManageOperators disable alice       # or enable
 * java -cp admin-ui.jar io.ratelimiter.admin.ManageOperators list
 * </pre>
 * Every change inserts a new version of the account and an audit entry, never an update: the console's database role
 * may only insert and read. A signed-in operator's session follows a change within seconds.
 */
public final class ManageOperators {

    private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9._-]{0,63}");
    private static final String USAGE = "usage: ManageOperators add NAME viewer|editor | reset NAME | role NAME "
            + "viewer|editor | disable NAME | enable NAME | list";

    private record Version(String role, String passwordHash, boolean enabled) {
    }

    private ManageOperators() {
    }

    public static void main(String[] args) throws IOException {
        if (args.length == 0) {
            fail(USAGE);
        }
        String url = System.getenv().getOrDefault("DATASOURCES_DEFAULT_URL",
                "jdbc:postgresql://localhost:5432/ratelimiter_console");
        try (Connection db = DriverManager.getConnection(url,
                System.getenv().getOrDefault("DATASOURCES_DEFAULT_USERNAME", "postgres"),
                System.getenv().getOrDefault("DATASOURCES_DEFAULT_PASSWORD", ""))) {
            // The console's tables live in its own schema (datasources.default.schema in its application.yml).
            db.setSchema(System.getenv().getOrDefault("DATASOURCES_DEFAULT_SCHEMA", "console"));
            if (args[0].equals("list") && args.length == 1) {
                list(db);
                return;
            }
            if (args.length < 2) {
                fail(USAGE);
            }
            String name = args[1].trim().toLowerCase(Locale.ROOT);
            if (!NAME.matcher(name).matches()) {
                fail("refused: an account name is 1 to 64 of a-z, 0-9, '.', '_', '-', starting with a letter or digit");
            }
            Optional<Version> current = newest(db, name);
            switch (args[0]) {
                case "add" -> {
                    if (args.length != 3) {
                        fail(USAGE);
                    }
                    if (current.isPresent()) {
                        fail("refused: " + name + " exists; use reset, role, disable or enable");
                    }
                    write(db, name, new Version(role(args[2]), hash(name), true), "add");
                }
                case "reset" -> write(db, name, new Version(existing(current, name).role(), hash(name), true),
                        "reset password");
                case "role" -> {
                    if (args.length != 3) {
                        fail(USAGE);
                    }
                    Version version = existing(current, name);
                    write(db, name, new Version(role(args[2]), version.passwordHash(), version.enabled()), "role");
                }
                case "disable" -> {
                    Version version = existing(current, name);
                    write(db, name, new Version(version.role(), version.passwordHash(), false), "disable");
                }
                case "enable" -> {
                    Version version = existing(current, name);
                    write(db, name, new Version(version.role(), version.passwordHash(), true), "enable");
                }
                default -> fail(USAGE);
            }
        } catch (SQLException e) {
            fail("the console's database refused: " + e.getMessage()
                    + " (has the console started once on it, so its tables exist?)");
        }
    }

    private static String role(String text) {
        try {
            return Roles.parse(text);
        } catch (IllegalArgumentException e) {
            fail("refused: " + e.getMessage());
            return "";
        }
    }

    private static String hash(String name) throws IOException {
        char[] password = HashPassword.read(name);
        String line = PasswordHash.of(password, PasswordHash.DEFAULT_ITERATIONS).toString();
        Arrays.fill(password, '\0');
        return line;
    }

    private static Version existing(Optional<Version> current, String name) {
        if (current.isEmpty()) {
            fail("refused: there is no account " + name + "; add it first");
        }
        return current.get();
    }

    private static Optional<Version> newest(Connection db, String name) throws SQLException {
        try (PreparedStatement query = db.prepareStatement("SELECT role, password_hash, enabled FROM operator_account "
                + "WHERE name = ? ORDER BY id DESC LIMIT 1")) {
            query.setString(1, name);
            try (ResultSet row = query.executeQuery()) {
                return row.next() ? Optional.of(new Version(row.getString(1), row.getString(2), row.getBoolean(3)))
                        : Optional.empty();
            }
        }
    }

    private static void write(Connection db, String name, Version version, String change) throws SQLException {
        Timestamp now = Timestamp.from(Instant.now());
        String after = version.role() + (version.enabled() ? "" : ", disabled");
        db.setAutoCommit(false);
        try (PreparedStatement account = db.prepareStatement("INSERT INTO operator_account "
                + "(name, role, password_hash, enabled, changed_at, change) VALUES (?, ?, ?, ?, ?, ?)");
             PreparedStatement audit = db.prepareStatement("INSERT INTO audit_entry (at, operator, source_address, "
                     + "session_ref, action, subject, before_value, after_value, outcome, detail) "
                     + "VALUES (?, ?, 'command line', '', ?, ?, '', ?, 'event', '')")) {
            account.setString(1, name);
            account.setString(2, version.role());
            account.setString(3, version.passwordHash());
            account.setBoolean(4, version.enabled());
            account.setTimestamp(5, now);
            account.setString(6, change);
            account.executeUpdate();
            audit.setTimestamp(1, now);
            audit.setString(2, System.getProperty("user.name") + " (ManageOperators)");
            audit.setString(3, "operator account: " + change);
            audit.setString(4, name);
            audit.setString(5, after);
            audit.executeUpdate();
            db.commit();
        }
        System.out.println(name + ": " + change + " (" + after + ")");
    }

    private static void list(Connection db) throws SQLException {
        try (PreparedStatement query = db.prepareStatement("SELECT DISTINCT ON (name) name, role, enabled, changed_at, "
                + "change FROM operator_account ORDER BY name, id DESC");
             ResultSet row = query.executeQuery()) {
            while (row.next()) {
                System.out.printf("%-20s %-7s %-8s last change: %s at %s%n", row.getString(1), row.getString(2),
                        row.getBoolean(3) ? "enabled" : "disabled", row.getString(5), row.getTimestamp(4).toInstant());
            }
        }
    }

    private static void fail(String message) {
        System.err.println(message);
        System.exit(2);
    }
}
