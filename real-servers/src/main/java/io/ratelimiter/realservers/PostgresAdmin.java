package io.ratelimiter.realservers;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;
import java.util.UUID;

final class PostgresAdmin {

    private PostgresAdmin() {
    }

    static PostgresDatabase createDatabase(RealPostgres server, String prefix) {
        String name = (prefix.replaceAll("[^A-Za-z0-9_]", "_") + "_"
                + UUID.randomUUID().toString().replace("-", "").substring(0, 12)).toLowerCase(Locale.ROOT);
        try (Connection connection = DriverManager.getConnection(
                server.jdbcUrl("postgres"), server.username(), server.password());
             Statement statement = connection.createStatement()) {
            statement.execute("CREATE DATABASE " + name);
        } catch (SQLException e) {
            throw new IllegalStateException("could not create database " + name + " on " + server.jdbcUrl("postgres"), e);
        }
        return new PostgresDatabase(name, server.jdbcUrl(name), server.username(), server.password());
    }
}
