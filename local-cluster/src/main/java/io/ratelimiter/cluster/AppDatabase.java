package io.ratelimiter.cluster;

import java.util.HashMap;
import java.util.Map;

/**
 * How one app reaches its schema: the role it serves with, and the role its Flyway migrates with (the schema's
 * owner), as every deployment configures it. The same role twice where the cluster uses a PostgreSQL it was given.
 */
record AppDatabase(String url, String username, String password, String ownerUsername, String ownerPassword) {

    static AppDatabase singleRole(String url, String username, String password) {
        return new AppDatabase(url, username, password, username, password);
    }

    Map<String, String> environment() {
        Map<String, String> env = new HashMap<>();
        env.put("DATASOURCES_DEFAULT_URL", url);
        env.put("DATASOURCES_DEFAULT_USERNAME", username);
        env.put("DATASOURCES_DEFAULT_PASSWORD", password);
        if (!ownerUsername.equals(username)) {
            env.put("FLYWAY_DATASOURCES_DEFAULT_URL", url);
            env.put("FLYWAY_DATASOURCES_DEFAULT_USER", ownerUsername);
            env.put("FLYWAY_DATASOURCES_DEFAULT_PASSWORD", ownerPassword);
        }
        return env;
    }
}
