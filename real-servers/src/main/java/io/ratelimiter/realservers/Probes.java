package io.ratelimiter.realservers;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import redis.clients.jedis.Jedis;

/** Asks a server whether it serves, with the test side's own clients (Jedis, the JDBC driver). */
final class Probes {

    private Probes() {
    }

    static boolean redisAnswers(String host, int port) {
        try {
            return "PONG".equals(RedisAdmin.call(host, port, Jedis::ping));
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
