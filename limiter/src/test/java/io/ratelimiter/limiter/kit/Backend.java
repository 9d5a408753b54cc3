package io.ratelimiter.limiter.kit;

import io.ratelimiter.realservers.RealRedis;
import io.ratelimiter.realservers.RealRedisCluster;
import io.ratelimiter.realservers.RealRedisSentinel;
import io.ratelimiter.realservers.RealServers;
import java.util.List;
import java.util.Map;

/**
 * The Redis setups the limiter supports, each real: a standalone server, a master with a replica behind a Sentinel,
 * and a three-master Redis Cluster (run as docs/limiter.md advises, {@code cluster-require-full-coverage no}).
 * The kit runs every one of its tests on each, as Bucket4j runs one suite on every backend.
 */
public enum Backend {
    STANDALONE, SENTINEL, CLUSTER;

    /** Servers of a backend, shared by the suites of this test JVM, or owned by one suite that stops them. */
    public interface Servers extends AutoCloseable {

        /** micronaut-redis' properties for a node using these servers. */
        Map<String, Object> properties();

        /** The servers that hold data: what an outage stops. */
        List<RealRedis> dataServers();

        @Override
        void close();
    }

    private Servers shared;

    /** This backend's servers for the whole test JVM, started on first use. */
    public synchronized Servers shared() {
        if (shared == null) {
            shared = start(this == STANDALONE);
            Servers started = shared;
            Runtime.getRuntime().addShutdownHook(new Thread(started::close, "kit-" + name().toLowerCase()));
        }
        return shared;
    }

    /** Servers of the caller's own, which it may stop; the caller closes them. */
    public Servers owned() {
        return start(false);
    }

    private Servers start(boolean sharedStandalone) {
        return switch (this) {
            case STANDALONE -> {
                RealRedis redis = sharedStandalone ? RealServers.redis() : RealServers.newRedis();
                yield new Servers() {
                    public Map<String, Object> properties() {
                        return Map.of("redis.uri", redis.uri());
                    }

                    public List<RealRedis> dataServers() {
                        return List.of(redis);
                    }

                    public void close() {
                        if (!sharedStandalone) {
                            redis.close();
                        }
                    }
                };
            }
            case SENTINEL -> {
                RealRedisSentinel sentinel = RealServers.newRedisSentinel();
                yield new Servers() {
                    public Map<String, Object> properties() {
                        return Map.of("redis.uri", sentinel.uri());
                    }

                    public List<RealRedis> dataServers() {
                        return sentinel.dataServers();
                    }

                    public void close() {
                        sentinel.close();
                    }
                };
            }
            case CLUSTER -> {
                RealRedisCluster cluster = RealServers.newRedisCluster(3);
                cluster.configSet("cluster-require-full-coverage", "no");
                yield new Servers() {
                    public Map<String, Object> properties() {
                        return Map.of("redis.uris", String.join(",", cluster.uris()));
                    }

                    public List<RealRedis> dataServers() {
                        return cluster.masters();
                    }

                    public void close() {
                        cluster.close();
                    }
                };
            }
        };
    }
}
