package io.ratelimiter.realservers;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one place tests get their servers from. Shared servers start once per JVM (Surefire runs all suites of a module
 * in one), are stopped when it exits, and are isolated per suite by database ({@link RealPostgres#createDatabase})
 * and key prefix. Servers from the {@code new...} methods belong to the caller, who may stop and restart them.
 */
public final class RealServers {

    private static final Logger LOG = LoggerFactory.getLogger(RealServers.class);

    private static RealRedis sharedRedis;
    private static RealPostgres sharedPostgres;
    private static final AtomicBoolean CONTAINERS_FAILED = new AtomicBoolean();

    private RealServers() {
    }

    public static synchronized RealRedis redis() {
        if (sharedRedis == null) {
            RealRedis external = ExternalServers.redisOrNull();
            sharedRedis = external != null ? announce(external, "shared Redis") : closeAtExit(newRedis());
        }
        return sharedRedis;
    }

    public static synchronized RealPostgres postgres() {
        if (sharedPostgres == null) {
            RealPostgres external = ExternalServers.postgresOrNull();
            sharedPostgres = external != null ? announce(external, "shared PostgreSQL") : closeAtExit(newPostgres());
        }
        return sharedPostgres;
    }

    /** A Redis of the caller's own, on a free port; the caller closes it. */
    public static RealRedis newRedis() {
        int port = FreePorts.next();
        RealRedis redis = started(ServerSource.forStartedServers(), ServerSource.isForced(), CONTAINERS_FAILED, "Redis",
                () -> new ContainerRedis(port), () -> EmbeddedRedis.start(port));
        return announce(redis, "Redis");
    }

    /** A PostgreSQL of the caller's own, on a free port; the caller closes it. */
    public static RealPostgres newPostgres() {
        int port = FreePorts.next();
        RealPostgres postgres = started(ServerSource.forStartedServers(), ServerSource.isForced(), CONTAINERS_FAILED,
                "PostgreSQL", () -> new ContainerPostgres(port), () -> EmbeddedPostgresServer.start(port));
        return announce(postgres, "PostgreSQL");
    }

    /**
     * A container where the source says so, else the embedded binary. A Docker engine that answers may still be unable
     * to run the image (no registry on an isolated network, say): unless containers were asked for by name, the
     * binary takes over, for this start and every later one, instead of failing every test.
     */
    static <S> S started(ServerSource source, boolean forced, AtomicBoolean containersFailed, String what,
                         Supplier<S> container, Supplier<S> embedded) {
        if (source == ServerSource.TESTCONTAINERS && !containersFailed.get()) {
            try {
                return container.get();
            } catch (RuntimeException e) {
                if (forced) {
                    throw e;
                }
                containersFailed.set(true);
                LOG.warn("real-servers: Docker answers but the {} container did not start ({}); using the embedded "
                        + "binaries from now on (REAL_SERVERS_SOURCE=testcontainers makes this an error)", what, e.toString());
            }
        }
        return embedded.get();
    }

    /** A Redis Cluster of the caller's own, of {@code masters} masters; the caller closes it. */
    public static RealRedisCluster newRedisCluster(int masters) {
        RealRedisCluster cluster = RealRedisCluster.start(masters);
        LOG.info("real-servers: Redis Cluster of {} masters from the embedded binary at {}", masters, cluster.uris());
        return cluster;
    }

    /**
     * A Redis Cluster of the caller's own, {@code masters} masters each with {@code replicasPerMaster} replicas that
     * take over when their master stops; the caller closes it.
     */
    public static RealRedisCluster newRedisCluster(int masters, int replicasPerMaster) {
        RealRedisCluster cluster = RealRedisCluster.start(masters, replicasPerMaster);
        LOG.info("real-servers: Redis Cluster of {} masters ({} replicas each) from the embedded binary at {}",
                masters, replicasPerMaster, cluster.uris());
        return cluster;
    }

    /** A master, its replica and a Sentinel watching them, of the caller's own; the caller closes it. */
    public static RealRedisSentinel newRedisSentinel() {
        RealRedisSentinel sentinel = RealRedisSentinel.start();
        LOG.info("real-servers: Redis with Sentinel from the embedded binary at {} (master on port {})", sentinel.uri(),
                sentinel.masterPort());
        return sentinel;
    }

    private static RealRedis announce(RealRedis redis, String what) {
        LOG.info("real-servers: {} from {} at {}", what, describe(redis.source()), redis.uri());
        return redis;
    }

    private static RealPostgres announce(RealPostgres postgres, String what) {
        LOG.info("real-servers: {} from {} at {}", what, describe(postgres.source()), postgres.jdbcUrl("postgres"));
        return postgres;
    }

    private static String describe(ServerSource source) {
        return switch (source) {
            case ENVIRONMENT -> "the environment";
            case TESTCONTAINERS -> "Testcontainers (Docker)";
            case EMBEDDED -> "the embedded server binary (no Docker engine answered)";
        };
    }

    private static <T extends AutoCloseable> T closeAtExit(T server) {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                server.close();
            } catch (Exception ignored) {
                // The JVM is exiting; a server that will not stop cleanly dies with its process group.
            }
        }, "real-servers-shutdown"));
        return server;
    }
}
