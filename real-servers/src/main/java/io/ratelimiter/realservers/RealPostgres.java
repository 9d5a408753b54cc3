package io.ratelimiter.realservers;

/**
 * A real PostgreSQL server. Suites isolate their data by asking for a database of their own
 * ({@link #createDatabase(String)}) rather than sharing tables.
 */
public interface RealPostgres extends AutoCloseable {

    String host();

    int port();

    String username();

    String password();

    ServerSource source();

    default String jdbcUrl(String database) {
        return "jdbc:postgresql://" + host() + ":" + port() + "/" + database;
    }

    /** Creates an empty database whose name starts with {@code prefix} and is unique on this server. */
    default PostgresDatabase createDatabase(String prefix) {
        return PostgresAdmin.createDatabase(this, prefix);
    }

    /** Stops the server, keeping its data and its port, so {@link #start()} brings the same data back. */
    void stop();

    void start();

    @Override
    void close();
}
