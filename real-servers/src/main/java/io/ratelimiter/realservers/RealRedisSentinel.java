package io.ratelimiter.realservers;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.LockSupport;
import redis.embedded.RedisSentinel;

/**
 * A real Sentinel-managed Redis on loopback: a master, one replica of it, and one Sentinel watching them, all the same
 * redis-server binary as {@link EmbeddedRedis}. Stopping the master makes the Sentinel promote the replica after
 * about a second, as in production. Always binaries, like {@link RealRedisCluster}: a Sentinel inside Docker announces
 * addresses a client on the host cannot reach.
 */
public final class RealRedisSentinel implements AutoCloseable {

    public static final String MASTER_NAME = "mymaster";
    private static final Duration FORMING = Duration.ofSeconds(30);

    private final EmbeddedRedis master;
    private final EmbeddedRedis replica;
    private final RedisSentinel sentinel;
    private final int sentinelPort;

    private RealRedisSentinel(EmbeddedRedis master, EmbeddedRedis replica, RedisSentinel sentinel, int sentinelPort) {
        this.master = master;
        this.replica = replica;
        this.sentinel = sentinel;
        this.sentinelPort = sentinelPort;
    }

    public static RealRedisSentinel start() {
        EmbeddedRedis master = EmbeddedRedis.start(FreePorts.next());
        EmbeddedRedis replica = null;
        RedisSentinel sentinel = null;
        try {
            replica = EmbeddedRedis.start(FreePorts.next(), null, "replicaof 127.0.0.1 " + master.port());
            int sentinelPort = FreePorts.next();
            sentinel = RedisSentinel.newRedisSentinel()
                    .bind("127.0.0.1")
                    .port(sentinelPort)
                    .masterName(MASTER_NAME)
                    .masterPort(master.port())
                    .quorumSize(1)
                    .downAfterMilliseconds(1000)
                    .failOverTimeout(10_000)
                    .parallelSyncs(1)
                    .onShutdownForceStop(true)
                    .build();
            sentinel.start();
            RealRedisSentinel started = new RealRedisSentinel(master, replica, sentinel, sentinelPort);
            started.awaitFormed();
            return started;
        } catch (IOException e) {
            close(master, replica, sentinel);
            throw new UncheckedIOException("could not start the Sentinel", e);
        } catch (RuntimeException e) {
            close(master, replica, sentinel);
            throw e;
        }
    }

    /** What a Lettuce (micronaut-redis) client is given: the Sentinel and the name of the master it watches. */
    public String uri() {
        return "redis-sentinel://127.0.0.1:" + sentinelPort + "#" + MASTER_NAME;
    }

    /** The port of the master as the Sentinel names it now. */
    public int masterPort() {
        List<String> hostAndPort = RedisAdmin.call("127.0.0.1", sentinelPort, jedis -> jedis.sentinelGetMasterAddrByName(MASTER_NAME));
        return Integer.parseInt(hostAndPort.get(1));
    }

    /** Stops the master that runs now (the first one); the Sentinel then promotes the replica. */
    public void stopFirstMaster() {
        master.stop();
    }

    public int firstMasterPort() {
        return master.port();
    }

    /** Waits until the Sentinel names {@code port}'s server as the master and that server says it is one. */
    public void awaitMaster(int port, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!isMaster(port)) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("the Sentinel did not make port " + port + " the master within " + timeout.toSeconds() + " s");
            }
            LockSupport.parkNanos(Duration.ofMillis(100).toNanos());
        }
    }

    public int replicaPort() {
        return replica.port();
    }

    /** The master and its replica, the servers that hold data (not the Sentinel), to stop and start in outage tests. */
    public List<RealRedis> dataServers() {
        return List.of(master, replica);
    }

    private boolean isMaster(int port) {
        try {
            return masterPort() == port && RedisAdmin.call("127.0.0.1", port, jedis -> jedis.info("replication")).contains("role:master");
        } catch (RuntimeException notYet) {
            return false;
        }
    }

    /** The replica in sync and known to the Sentinel, so that a failover has somewhere to go. */
    private void awaitFormed() {
        long deadline = System.nanoTime() + FORMING.toNanos();
        while (!formed()) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("the Sentinel setup did not form within " + FORMING.toSeconds() + " s");
            }
            LockSupport.parkNanos(Duration.ofMillis(100).toNanos());
        }
    }

    private boolean formed() {
        try {
            String replication = replica.call(jedis -> jedis.info("replication"));
            List<Map<String, String>> replicas = RedisAdmin.call("127.0.0.1", sentinelPort, jedis -> jedis.sentinelReplicas(MASTER_NAME));
            String replicaPort = Integer.toString(replica.port());
            return replication.contains("master_link_status:up")
                    && replicas.stream().anyMatch(known -> replicaPort.equals(known.get("port")))
                    && masterPort() == master.port();
        } catch (RuntimeException notYet) {
            return false;
        }
    }

    @Override
    public void close() {
        close(master, replica, sentinel);
    }

    private static void close(EmbeddedRedis master, EmbeddedRedis replica, RedisSentinel sentinel) {
        if (sentinel != null) {
            try {
                sentinel.stop();
            } catch (IOException | RuntimeException ignored) {
                // Stopping what is left; the JVM's exit stops the rest (onShutdownForceStop).
            }
        }
        if (replica != null) {
            replica.close();
        }
        master.close();
    }
}
