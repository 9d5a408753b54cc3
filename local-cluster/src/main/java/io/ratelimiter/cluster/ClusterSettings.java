package io.ratelimiter.cluster;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * What the local cluster looks like. Each setting comes from, in order of precedence: a command-line option
 * ({@code --nodes=5}), the environment ({@code CLUSTER_NODES=5}), the optional file {@code local-cluster.env} in the
 * repository root ({@code CLUSTER_NODES=5} lines), or the default.
 *
 * @param redisUri    a Redis to use instead of starting one ({@code REDIS_URI})
 * @param firstManagementPort node <i>n</i>'s health and metrics answer on this + <i>n</i> − 1, never behind nginx
 * @param adminManagementPort the console's health
 * @param postgresUrl a PostgreSQL JDBC URL to use instead of starting one ({@code DATASOURCES_DEFAULT_URL}); both
 *                    apps keep their tables in the database it names, each in its own schema
 */
record ClusterSettings(
        Path root,
        Path dataDirectory,
        int nodes,
        int loadBalancerPort,
        int firstNodePort,
        int adminPort,
        int firstManagementPort,
        int adminManagementPort,
        int redisPort,
        int postgresPort,
        Optional<String> redisUri,
        Optional<String> postgresUrl,
        String postgresUser,
        String postgresPassword) {

    static final String SETTINGS_FILE = "local-cluster.env";

    ClusterSettings {
        if (nodes < 1 || nodes > 16) {
            throw new IllegalArgumentException("CLUSTER_NODES must be between 1 and 16, not " + nodes);
        }
    }

    static ClusterSettings load(Path root, String[] args, Map<String, String> environment) {
        Map<String, String> values = new HashMap<>(readFile(root.resolve(SETTINGS_FILE)));
        values.putAll(environment);
        for (String arg : args) {
            if (!arg.startsWith("--") || !arg.contains("=")) {
                throw new IllegalArgumentException("options look like --nodes=3; not understood: " + arg);
            }
            String key = arg.substring(2, arg.indexOf('='));
            values.put("CLUSTER_" + key.toUpperCase(Locale.ROOT).replace('-', '_'), arg.substring(arg.indexOf('=') + 1));
        }
        Settings settings = new Settings(values);
        return new ClusterSettings(
                root,
                root.resolve(settings.text("CLUSTER_DATA_DIR", ".local-cluster")),
                settings.number("CLUSTER_NODES", 3),
                settings.number("CLUSTER_LB_PORT", 8080),
                settings.number("CLUSTER_FIRST_NODE_PORT", 8081),
                settings.number("CLUSTER_ADMIN_PORT", 8090),
                settings.number("CLUSTER_FIRST_MANAGEMENT_PORT", 9081),
                settings.number("CLUSTER_ADMIN_MANAGEMENT_PORT", 9090),
                settings.number("CLUSTER_REDIS_PORT", 6390),
                settings.number("CLUSTER_POSTGRES_PORT", 5440),
                settings.optional("REDIS_URI"),
                settings.optional("DATASOURCES_DEFAULT_URL"),
                settings.text("DATASOURCES_DEFAULT_USERNAME", "postgres"),
                settings.text("DATASOURCES_DEFAULT_PASSWORD", "postgres"));
    }

    int nodePort(int node) {
        return firstNodePort + node - 1;
    }

    int managementPort(int node) {
        return firstManagementPort + node - 1;
    }

    private static Map<String, String> readFile(Path file) {
        if (!Files.isRegularFile(file)) {
            return Map.of();
        }
        try {
            Map<String, String> values = new HashMap<>();
            for (String line : Files.readAllLines(file)) {
                String trimmed = line.strip();
                if (!trimmed.isEmpty() && !trimmed.startsWith("#") && trimmed.contains("=")) {
                    values.put(trimmed.substring(0, trimmed.indexOf('=')).strip(), trimmed.substring(trimmed.indexOf('=') + 1).strip());
                }
            }
            return values;
        } catch (IOException e) {
            throw new UncheckedIOException("could not read " + file, e);
        }
    }

    private record Settings(Map<String, String> values) {

        Optional<String> optional(String key) {
            return Optional.ofNullable(values.get(key)).map(String::strip).filter(value -> !value.isEmpty());
        }

        String text(String key, String fallback) {
            return optional(key).orElse(fallback);
        }

        int number(String key, int fallback) {
            Optional<String> value = optional(key);
            if (value.isEmpty()) {
                return fallback;
            }
            try {
                return Integer.parseInt(value.get());
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(key + " must be a whole number, not '" + value.get() + "'");
            }
        }
    }
}
