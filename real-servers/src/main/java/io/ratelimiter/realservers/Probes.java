package io.ratelimiter.realservers;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;

/** Asks a server whether it serves, without any client library of the application under test. */
final class Probes {

    private Probes() {
    }

    static boolean redisAnswers(String host, int port) {
        try {
            return "PONG".equals(Resp.command(host, port, "PING"));
        } catch (RuntimeException e) {
            return false;
        }
    }

    static boolean postgresAnswers(RealPostgres server) {
        try (Connection ignored = DriverManager.getConnection(
                server.jdbcUrl("postgres"), server.username(), server.password())) {
            return true;
        } catch (SQLException e) {
            return false;
        }
    }
}
