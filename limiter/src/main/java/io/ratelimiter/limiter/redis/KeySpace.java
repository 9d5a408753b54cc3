package io.ratelimiter.limiter.redis;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.zip.CRC32;

/**
 * The one place Redis key names are made. Every key carries a hash tag naming a bucket, {@code <prefix>:{<b>}:...},
 * and everything one check reads or writes lives in the bucket of its client: the client's rule and state, the
 * indexes the console reads, and a copy of every route and default policy. So a check touches one Redis Cluster
 * slot, and clients spread over the cluster by bucket.
 *
 * <p>On standalone Redis (and Sentinel) there is one bucket, {@code 0}, and every policy exists once. On a cluster
 * there are {@value #CLUSTER_BUCKETS}; route and default policies are written to each of them (a policy edit is
 * {@value #CLUSTER_BUCKETS} small atomic writes), a client's rule only to its own.
 */
public final class KeySpace {

    /** Enough buckets to spread clients evenly over a few dozen masters; each is a copy of every shared policy. */
    public static final int CLUSTER_BUCKETS = 64;

    private final String prefix;
    private final int buckets;

    public KeySpace(String prefix, boolean cluster) {
        this.prefix = prefix;
        this.buckets = cluster ? CLUSTER_BUCKETS : 1;
    }

    public int buckets() {
        return buckets;
    }

    /** The bucket of a client: a stable hash, the same on every node and in the console. */
    public int bucketOf(String identity) {
        if (buckets == 1) {
            return 0;
        }
        CRC32 crc = new CRC32();
        crc.update(identity.getBytes(StandardCharsets.UTF_8));
        return (int) (crc.getValue() % buckets);
    }

    private String base(int bucket) {
        return prefix + ":{" + bucket + "}:";
    }

    public String defaultPolicy(int bucket) {
        return base(bucket) + "policy:" + defaultMember();
    }

    public String routePolicy(int bucket, String route) {
        return base(bucket) + "policy:" + routeMember(route);
    }

    public String clientRule(String identity) {
        return base(bucketOf(identity)) + "policy:" + clientMember(identity);
    }

    /** The prefix of the bucket's policy hashes; a policy index member appended gives the hash. */
    public String policyPrefix(int bucket) {
        return base(bucket) + "policy:";
    }

    /** The bucket's sorted set of policy index members, so policies are listed without scanning keys. */
    public String policyIndex(int bucket) {
        return base(bucket) + "policies";
    }

    public static String defaultMember() {
        return "default";
    }

    public static String routeMember(String route) {
        return "route:" + route;
    }

    public static String clientMember(String identity) {
        return "client:" + identity;
    }

    /** The prefix of the bucket's state hashes; {@code "<identity> <scope>"} appended gives one. */
    public String statePrefix(int bucket) {
        return base(bucket) + "state:";
    }

    public String expiryIndex(int bucket) {
        return base(bucket) + "idx:expiry";
    }

    public String useIndex(int bucket) {
        return base(bucket) + "idx:use";
    }

    public String identityIndex(int bucket) {
        return base(bucket) + "idx:ids";
    }

    public String statsPrefix(int bucket) {
        return base(bucket) + "stats:";
    }

    /** The keys of the check script, in its KEYS order. */
    public List<String> checkKeys(String identity, String route) {
        int bucket = bucketOf(identity);
        return List.of(clientRule(identity), routePolicy(bucket, route), defaultPolicy(bucket),
                statePrefix(bucket) + identity + " ", expiryIndex(bucket), useIndex(bucket), identityIndex(bucket),
                statsPrefix(bucket));
    }
}
