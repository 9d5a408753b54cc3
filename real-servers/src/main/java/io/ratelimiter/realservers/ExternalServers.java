package io.ratelimiter.realservers;

import java.net.URI;

/**
 * Servers that a CI system already runs (service containers), named by the environment. They are shared and never
 * stopped by tests, so only {@link RealServers#redis()} and {@link RealServers#postgres()} use them.
 */
final class ExternalServers {

    static final String REDIS_URI = "REAL_SERVERS_REDIS_URI";
    static final String POSTGRES_URL = "REAL_SERVERS_POSTGRES_URL";
    static final String POSTGRES_USER = "REAL_SERVERS_POSTGRES_USER";
    static final String POSTGRES_PASSWORD = "REAL_SERVERS_POSTGRES_PASSWORD";

    private ExternalServers() {
    }

    static RealRedis redisOrNull() {
        String value = ServerSource.setting(REDIS_URI);
        if (value == null || value.isBlank()) {
            return null;
        }
        URI uri = URI.create(value.trim());
        return new External(uri.getHost(), uri.getPort() < 0 ? 6379 : uri.getPort());
    }

    static RealPostgres postgresOrNull() {
        String value = ServerSource.setting(POSTGRES_URL);
        if (value == null || value.isBlank()) {
            return null;
        }
        URI uri = URI.create(value.trim().replaceFirst("^jdbc:", ""));
        String user = ServerSource.setting(POSTGRES_USER);
        String password = ServerSource.setting(POSTGRES_PASSWORD);
        return new ExternalPostgres(uri.getHost(), uri.getPort() < 0 ? 5432 : uri.getPort(),
                user == null ? "postgres" : user, password == null ? "" : password);
    }

    private record External(String host, int port) implements RealRedis {
        @Override
        public ServerSource source() {
            return ServerSource.ENVIRONMENT;
        }

        @Override
        public void stop() {
            throw new UnsupportedOperationException("a server named by " + REDIS_URI + " is not ours to stop");
        }

        @Override
        public void start() {
            throw new UnsupportedOperationException("a server named by " + REDIS_URI + " is not ours to start");
        }

        @Override
        public void close() {
        }
    }

    private record ExternalPostgres(String host, int port, String username, String password) implements RealPostgres {
        @Override
        public ServerSource source() {
            return ServerSource.ENVIRONMENT;
        }

        @Override
        public void stop() {
            throw new UnsupportedOperationException("a server named by " + POSTGRES_URL + " is not ours to stop");
        }

        @Override
        public void start() {
            throw new UnsupportedOperationException("a server named by " + POSTGRES_URL + " is not ours to start");
        }

        @Override
        public void close() {
        }
    }
}
