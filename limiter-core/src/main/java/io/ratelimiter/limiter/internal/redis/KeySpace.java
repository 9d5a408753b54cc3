package io.ratelimiter.limiter.internal.redis;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.zip.CRC32;

/**
 * The one place Redis key names are made. Every key a check touches carries a hash tag naming a bucket,
 * {@code <prefix>:{<b>}:...}, and lives in its client's bucket, so a check touches one Redis Cluster slot and
 * clients spread over a cluster by bucket. Per bucket:
 * <ul>
 *   <li>{@code policy}: a hash of the bucket's client rules ({@code client:<identity>}), copies of the default and
 *       route policies ({@code default}, {@code route:<route>}) and the version of those copies ({@code ~v});</li>
 *   <li>{@code rules}: the index of the bucket's client rules, for listing them in order;</li>
 *   <li>{@code state}: a hash of client state, one field {@code "<identity> <scope>"} per window;</li>
 *   <li>{@code exp}: the windows by expiry (recently seen first, cleanup, the count of live windows);</li>
 *   <li>{@code top}: the windows at half a limit or more, by share used;</li>
 *   <li>{@code log:<identity> <scope>}: a sliding log.</li>
 * </ul>
 * Outside the buckets: {@code <prefix>:{source}:policy}, the versioned source of the default and route policies that
 * every copy is made from, and {@code <prefix>:{stats}:decisions}, every node's decisions per second.
 *
 * <p>On standalone Redis (and Sentinel) there is one bucket, {@code 0}; on a cluster {@value #CLUSTER_BUCKETS}.
 */
public final class KeySpace {

    /** Enough buckets to spread clients evenly over a few dozen masters; each holds a copy of every shared policy. */
    public static final int CLUSTER_BUCKETS = 64;

    private final String prefix;
    private final int buckets;
    /** Per bucket, the keys every check names, made once rather than on every request. */
    private final String[][] bucketCheckKeys;

    public KeySpace(String prefix, boolean cluster) {
        this.prefix = prefix;
        this.buckets = cluster ? CLUSTER_BUCKETS : 1;
        this.bucketCheckKeys = new String[buckets][];
        for (int bucket = 0; bucket < buckets; bucket++) {
            bucketCheckKeys[bucket] = new String[] {policyCopy(bucket), state(bucket), expiryIndex(bucket),
                    nearLimitIndex(bucket), base(bucket) + "log:"};
        }
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

    /** The bucket's policy hash: client rules and copies of the shared policies. */
    public String policyCopy(int bucket) {
        return base(bucket) + "policy";
    }

    /** The source of the shared policies, with their version; every bucket's copy is made from it. */
    public String policySource() {
        return prefix + ":{source}:policy";
    }

    public String ruleIndex(int bucket) {
        return base(bucket) + "rules";
    }

    public String state(int bucket) {
        return base(bucket) + "state";
    }

    public String expiryIndex(int bucket) {
        return base(bucket) + "exp";
    }

    public String nearLimitIndex(int bucket) {
        return base(bucket) + "top";
    }

    /** The sliding log of one window, {@code "<identity> <scope>"}. */
    public String log(int bucket, String window) {
        return base(bucket) + "log:" + window;
    }

    public String decisionTotals() {
        return prefix + ":{stats}:decisions";
    }

    /** The keys of the bucket's state scripts, in their KEYS order: state, expiry index, near-limit index. */
    public List<String> stateKeys(int bucket) {
        return List.of(state(bucket), expiryIndex(bucket), nearLimitIndex(bucket));
    }

    /** The keys of the check script, in its KEYS order. */
    public List<String> checkKeys(String identity, String route) {
        String[] fixed = bucketCheckKeys[bucketOf(identity)];
        String logs = fixed[4] + identity + ' ';
        return List.of(fixed[0], fixed[1], fixed[2], fixed[3], logs + Scopes.CLIENT, logs + route, logs + Scopes.DEFAULT);
    }
}
