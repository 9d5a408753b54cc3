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
    /** Clusters and Sentinels, whatever the source: inside Docker they announce addresses the host cannot reach. */
    private static final String ALWAYS_EMBEDDED = "the embedded server binary (always, for a Cluster or Sentinel)";

    private RealServers() {
    }

    public static synchronized RealRedis redis() {
        if (sharedRedis == null) {
            RealRedis external = ExternalServers.redisOrNull();
            sharedRedis = external != null ? announce(external, "shared Redis") : closeAtExit(startRedis("shared Redis"));
        }
        handedOut("Redis", sharedRedis.source(), ContainerRedis.image());
        return sharedRedis;
    }

    public static synchronized RealPostgres postgres() {
        if (sharedPostgres == null) {
            RealPostgres external = ExternalServers.postgresOrNull();
            sharedPostgres = external != null ? announce(external, "shared PostgreSQL")
                    : closeAtExit(startPostgres("shared PostgreSQL"));
        }
        handedOut("PostgreSQL", sharedPostgres.source(), ContainerPostgres.image());
        return sharedPostgres;
    }

    /** A Redis of the caller's own, on a free port; the caller closes it. */
    public static RealRedis newRedis() {
        RealRedis redis = startRedis("Redis");
        handedOut("Redis of its own", redis.source(), ContainerRedis.image());
        return redis;
    }

    /** A PostgreSQL of the caller's own, on a free port; the caller closes it. */
    public static RealPostgres newPostgres() {
        RealPostgres postgres = startPostgres("PostgreSQL");
        handedOut("PostgreSQL of its own", postgres.source(), ContainerPostgres.image());
        return postgres;
    }

    private static RealRedis startRedis(String what) {
        int port = FreePorts.next();
        RealRedis redis = started(ServerSource.forStartedServers(), ServerSource.isForced(), CONTAINERS_FAILED, "Redis",
                () -> new ContainerRedis(port), () -> EmbeddedRedis.start(port));
        return announce(redis, what);
    }

    private static RealPostgres startPostgres(String what) {
        int port = FreePorts.next();
        RealPostgres postgres = started(ServerSource.forStartedServers(), ServerSource.isForced(), CONTAINERS_FAILED,
                "PostgreSQL", () -> new ContainerPostgres(port), () -> EmbeddedPostgresServer.start(port));
        return announce(postgres, what);
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
        LOG.info("real-servers: Redis Cluster of {} masters from {} at {}", masters, ALWAYS_EMBEDDED, cluster.uris());
        SuiteServers.OF_THIS_JVM.handedOut("Redis Cluster from " + ALWAYS_EMBEDDED);
        return cluster;
    }

    /**
     * A Redis Cluster of the caller's own, {@code masters} masters each with {@code replicasPerMaster} replicas that
     * take over when their master stops; the caller closes it.
     */
    public static RealRedisCluster newRedisCluster(int masters, int replicasPerMaster) {
        RealRedisCluster cluster = RealRedisCluster.start(masters, replicasPerMaster);
        LOG.info("real-servers: Redis Cluster of {} masters ({} replicas each) from {} at {}",
                masters, replicasPerMaster, ALWAYS_EMBEDDED, cluster.uris());
        SuiteServers.OF_THIS_JVM.handedOut("Redis Cluster from " + ALWAYS_EMBEDDED);
        return cluster;
    }

    /** A master, its replica and a Sentinel watching them, of the caller's own; the caller closes it. */
    public static RealRedisSentinel newRedisSentinel() {
        RealRedisSentinel sentinel = RealRedisSentinel.start();
        LOG.info("real-servers: Redis with Sentinel from {} at {} (master on port {})", ALWAYS_EMBEDDED, sentinel.uri(),
                sentinel.masterPort());
        SuiteServers.OF_THIS_JVM.handedOut("Redis with Sentinel from " + ALWAYS_EMBEDDED);
        return sentinel;
    }

    private static RealRedis announce(RealRedis redis, String what) {
        LOG.info("real-servers: {} from {} at {}", what, origin(redis.source(), ContainerRedis.image()), redis.uri());
        return redis;
    }

    private static RealPostgres announce(RealPostgres postgres, String what) {
        LOG.info("real-servers: {} from {} at {}", what, origin(postgres.source(), ContainerPostgres.image()),
                postgres.jdbcUrl("postgres"));
        return postgres;
    }

    private static void handedOut(String what, ServerSource source, String image) {
        SuiteServers.OF_THIS_JVM.handedOut(what + " from " + origin(source, image));
    }

    /** Where a server came from and why, as the test log says it. */
    private static String origin(ServerSource source, String image) {
        return switch (source) {
            case ENVIRONMENT -> "the environment";
            case TESTCONTAINERS -> "Testcontainers (Docker, image " + image + ")";
            case EMBEDDED -> "the embedded server binary (" + whyEmbedded() + ")";
        };
    }

    private static String whyEmbedded() {
        if (ServerSource.isForced()) {
            return ServerSource.FORCE_VARIABLE + "=embedded";
        }
        return CONTAINERS_FAILED.get() ? "a container did not start" : "no Docker engine answered";
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
