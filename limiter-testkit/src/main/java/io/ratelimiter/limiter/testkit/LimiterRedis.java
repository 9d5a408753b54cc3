package io.ratelimiter.limiter.testkit;

import io.ratelimiter.limiter.internal.check.RateLimitCheck;
import io.ratelimiter.limiter.internal.redis.KeySpace;
import java.util.ArrayList;
import java.util.List;

/**
 * The limiter's Redis side for tools outside it: the check as a raw command, where a client's state lives, which
 * keys are configuration. Everything here follows the limiter's own key schema, so tools never build key names.
 */
public final class LimiterRedis {

    private LimiterRedis() {
    }

    /** The check script, as it is loaded into Redis. */
    public static String checkScript() {
        return RateLimitCheck.SCRIPT.source();
    }

    /** Its SHA-1, what EVALSHA names it by. */
    public static String checkScriptSha1() {
        return RateLimitCheck.SCRIPT.sha1();
    }

    /**
     * One check as a raw command ({@code EVALSHA sha numkeys keys... args...}), the way redis-benchmark or redis-cli
     * sends it: what a node sends for {@code identity} on {@code route}, with Redis' own clock.
     */
    public static List<String> checkCommand(String keyPrefix, boolean cluster, String identity, String route) {
        return checkCommand(keyPrefix, cluster, identity, route, "");
    }

    /**
     * The same, telling the check the version of the shared policies the node knows of ({@code ""}: none), as a node
     * does once it has read the source's version: the check compares it with its copy's.
     */
    public static List<String> checkCommand(String keyPrefix, boolean cluster, String identity, String route,
                                            String knownVersion) {
        List<String> keys = new KeySpace(keyPrefix, cluster).checkKeys(identity, route);
        List<String> command = new ArrayList<>(List.of("EVALSHA", checkScriptSha1(), Integer.toString(keys.size())));
        command.addAll(keys);
        command.addAll(List.of(identity, route, knownVersion, ""));
        return command;
    }

    /** The key of the shared policies' source, to ask a cluster which master holds it. */
    public static String policySourceKey(String keyPrefix) {
        return new KeySpace(keyPrefix, true).policySource();
    }

    /** A key in the hash slot of the client's state, to ask a cluster which master holds it. */
    public static String keyInSlotOf(String keyPrefix, String identity) {
        KeySpace keys = new KeySpace(keyPrefix, true);
        return keys.state(keys.bucketOf(identity));
    }

    /** How many buckets a cluster spreads clients over. */
    public static int clusterBuckets() {
        return KeySpace.CLUSTER_BUCKETS;
    }

    /** Whether a key holds configuration (policies, the index of client rules), which never expires. */
    public static boolean isConfiguration(String key) {
        return key.endsWith(":policy") || key.endsWith(":rules");
    }

    /** Whether a key is a bucket's index of live windows, whose members are the windows, {@code "<identity> <scope>"}. */
    public static boolean isWindowIndex(String key) {
        return key.endsWith(":exp");
    }
}
