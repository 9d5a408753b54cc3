package io.ratelimiter.realservers;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import java.util.stream.IntStream;
import redis.clients.jedis.Jedis;

/**
 * A real Redis Cluster of N masters on loopback, each the same redis-server binary as {@link EmbeddedRedis} started in
 * cluster mode, the 16384 slots split evenly between them, optionally with replicas that take over a stopped master.
 * Always binaries: a cluster inside Docker announces addresses that a client on the host cannot reach.
 */
public final class RealRedisCluster implements AutoCloseable {

    private static final int SLOTS = 16384;
    private static final Duration FORMING = Duration.ofSeconds(30);

    private final List<EmbeddedRedis> masters;
    private final List<EmbeddedRedis> replicas;

    private RealRedisCluster(List<EmbeddedRedis> masters, List<EmbeddedRedis> replicas) {
        this.masters = masters;
        this.replicas = replicas;
    }

    public static RealRedisCluster start(int masterCount) {
        return start(masterCount, 0);
    }

    /**
     * A cluster of {@code masterCount} masters, each with {@code replicasPerMaster} replicas in sync with it. A
     * master stopped for longer than the cluster's node timeout (2 s) is replaced by one of its replicas, as in
     * production; that needs a majority of masters still running, so at least three masters.
     */
    public static RealRedisCluster start(int masterCount, int replicasPerMaster) {
        List<EmbeddedRedis> masters = new ArrayList<>();
        List<EmbeddedRedis> replicas = new ArrayList<>();
        try {
            Path directory = Files.createTempDirectory("real-servers-cluster-");
            for (int i = 0; i < masterCount; i++) {
                masters.add(node(directory));
            }
            for (int i = 0; i < masterCount * replicasPerMaster; i++) {
                replicas.add(node(directory));
            }
        } catch (IOException e) {
            new RealRedisCluster(masters, replicas).close();
            throw new UncheckedIOException(e);
        } catch (RuntimeException e) {
            new RealRedisCluster(masters, replicas).close();
            throw e;
        }
        RealRedisCluster cluster = new RealRedisCluster(List.copyOf(masters), List.copyOf(replicas));
        try {
            cluster.formCluster(replicasPerMaster);
        } catch (RuntimeException e) {
            cluster.close();
            throw e;
        }
        return cluster;
    }

    private static EmbeddedRedis node(Path directory) {
        // Redis 6 puts the cluster bus on port + 10000, with no setting to move it.
        int port = FreePorts.withCompanion(10_000);
        return EmbeddedRedis.start(port, null,
                "cluster-enabled yes",
                "cluster-config-file " + directory.resolve("nodes-" + port + ".conf"),
                "cluster-node-timeout 2000",
                // A test's replica may have seen no write for a while; let it take over whatever its data's age.
                "cluster-replica-validity-factor 0");
    }

    private void formCluster(int replicasPerMaster) {
        EmbeddedRedis first = masters.get(0);
        for (int i = 0; i < masters.size(); i++) {
            EmbeddedRedis master = masters.get(i);
            int from = i * SLOTS / masters.size();
            int to = (i + 1) * SLOTS / masters.size();
            int[] slots = IntStream.range(from, to).toArray();
            master.call(jedis -> jedis.clusterAddSlots(slots));
            if (master != first) {
                meet(master, first);
            }
        }
        for (int i = 0; i < replicas.size(); i++) {
            EmbeddedRedis replica = replicas.get(i);
            EmbeddedRedis master = masters.get(i / replicasPerMaster);
            String masterId = master.call(Jedis::clusterMyId);
            meet(replica, first);
            // A node can only replicate a master it has heard of through the cluster's gossip.
            awaitWithin("replica " + replica.port() + " to learn of master " + master.port(), () ->
                    replica.call(Jedis::clusterNodes).contains(masterId));
            replica.call(jedis -> jedis.clusterReplicate(masterId));
        }
        int nodes = masters.size() + replicas.size();
        awaitWithin("cluster_state:ok on every node", () -> all().stream().allMatch(node -> reportsOk(node, nodes)));
        awaitWithin("every replica in sync with its master", () -> replicas.stream().allMatch(RealRedisCluster::inSync));
    }

    private static void meet(EmbeddedRedis node, EmbeddedRedis known) {
        node.call(jedis -> jedis.clusterMeet(known.host(), known.port()));
    }

    private static void awaitWithin(String what, BooleanSupplier condition) {
        long deadline = System.nanoTime() + FORMING.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("the Redis Cluster did not reach " + what + " within " + FORMING.toSeconds() + " s");
            }
            LockSupport.parkNanos(Duration.ofMillis(50).toNanos());
        }
    }

    private static boolean reportsOk(EmbeddedRedis node, int nodes) {
        String info = node.call(Jedis::clusterInfo);
        return info.contains("cluster_state:ok") && info.contains("cluster_known_nodes:" + nodes);
    }

    private static boolean inSync(EmbeddedRedis replica) {
        return replica.call(jedis -> jedis.info("replication")).contains("master_link_status:up");
    }

    public List<RealRedis> masters() {
        return List.copyOf(masters);
    }

    /** The replicas, in the order of their masters: {@code replicasPerMaster} for the first master, then the next. */
    public List<RealRedis> replicas() {
        return List.copyOf(replicas);
    }

    /** {@code CONFIG SET} on every node, masters and replicas alike, e.g. {@code cluster-require-full-coverage no}. */
    public void configSet(String parameter, String value) {
        for (EmbeddedRedis node : all()) {
            node.call(jedis -> jedis.configSet(parameter, value));
        }
    }

    /** The seed URIs a cluster client needs, e.g. for micronaut-redis' {@code redis.uris}. */
    public List<String> uris() {
        return masters.stream().map(RealRedis::uri).toList();
    }

    private List<EmbeddedRedis> all() {
        List<EmbeddedRedis> all = new ArrayList<>(masters);
        all.addAll(replicas);
        return all;
    }

    @Override
    public void close() {
        all().forEach(EmbeddedRedis::close);
    }
}
