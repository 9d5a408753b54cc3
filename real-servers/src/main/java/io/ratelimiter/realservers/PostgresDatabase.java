package io.ratelimiter.realservers;

/** One database on a {@link RealPostgres}: what a JDBC data source needs to connect to it. */
public record PostgresDatabase(String name, String jdbcUrl, String username, String password) {
}
