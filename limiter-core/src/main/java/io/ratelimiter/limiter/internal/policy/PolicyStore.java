package io.ratelimiter.limiter.internal.policy;

import io.ratelimiter.limiter.internal.check.RateLimitCheck;
import io.ratelimiter.limiter.policy.ClientRule;
import io.ratelimiter.limiter.policy.Route;

import io.ratelimiter.limiter.internal.redis.KeySpace;
import io.ratelimiter.limiter.internal.redis.LuaScript;
import io.ratelimiter.limiter.internal.redis.RedisPort;
import io.ratelimiter.limiter.internal.redis.Scopes;
import jakarta.inject.Singleton;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.stream.IntStream;

/**
 * Where policies live. The default and route policies are written to a versioned <em>source</em>, then copied into
 * every bucket's policy hash, where checks read them in the same slot as the client's state; a copy holds the
 * source's version it was made from, so a copy that missed a change (a master failed mid-edit, or came back empty) is
 * known and brought up to date by {@link PolicySync}. A client rule lives once, in its client's bucket.
 * On standalone Redis there is one bucket, so "every copy" is one. Asynchronous; the admin API and PolicySync wait.
 */
@Singleton
public final class PolicyStore {

    private static final LuaScript SOURCE_PUT = LuaScript.fromResources("policy_source_put", "admin/policy_source_put.lua");
    private static final LuaScript COPY_APPLY = LuaScript.fromResources("policy_copy_apply", RateLimitCheck.PRELUDE, "admin/policy_copy_apply.lua");
    private static final LuaScript COPY_SYNC = LuaScript.fromResources("policy_copy_sync", RateLimitCheck.PRELUDE, "admin/policy_copy_sync.lua");
    private static final LuaScript SHARED_READ = LuaScript.fromResources("policy_shared_read", RateLimitCheck.PRELUDE, "admin/policy_shared_read.lua");
    private static final LuaScript VERSION = LuaScript.fromResources("policy_version", "admin/policy_version.lua");
    private static final LuaScript FIELD = LuaScript.fromResources("policy_field_read", RateLimitCheck.PRELUDE, "admin/policy_field_read.lua");
    private static final LuaScript RULE_PUT = LuaScript.fromResources("client_rule_put", RateLimitCheck.PRELUDE, "admin/client_rule_put.lua");
    private static final LuaScript RULE_DELETE = LuaScript.fromResources("client_rule_delete", "admin/client_rule_delete.lua");
    private static final LuaScript RULES = LuaScript.fromResources("client_rules_list", RateLimitCheck.PRELUDE, "admin/client_rules_list.lua");

    /** How a shared policy was written. */
    public enum Write { REPLACE, IF_ABSENT }

    /**
     * What a write of a shared policy did.
     *
     * @param written whether the source changed (false: if-absent found one, or a deletion found nothing)
     * @param version the source's version after it
     * @param landed  copies that hold the change now; the others are brought up to date by {@link PolicySync}
     * @param copies  every bucket's copy
     */
    public record SharedWrite(boolean written, long version, int landed, int copies) {
    }

    /** The shared policies of one hash and its version: field ({@code default}, {@code route:<route>}) to stored text. */
    public record Shared(long version, Map<String, String> fields) {

        public Shared {
            fields = Map.copyOf(fields);
        }
    }

    private final RedisPort redis;
    private final KeySpace keys;

    PolicyStore(RedisPort redis, KeySpace keys) {
        this.redis = redis;
        this.keys = keys;
    }

    public int copies() {
        return keys.buckets();
    }

    /** A shared policy's stored text from the source; empty when there is none or it was deleted. */
    public CompletableFuture<Optional<String>> sharedField(String field) {
        return redis.eval(FIELD, List.of(keys.policySource()), List.of(field)).thenApply(reply -> reply.isEmpty()
                || PolicyCodec.DELETED.equals(reply.get(0)) ? Optional.empty() : Optional.of((String) reply.get(0)));
    }

    /**
     * Writes a shared policy to the source and then to every copy that is up to date; never lowers the version
     * below {@code floor} (the highest any copy is known to hold).
     */
    public CompletableFuture<SharedWrite> putShared(String field, String stored, Write write, long floor) {
        List<String> args = List.of(write == Write.IF_ABSENT ? "if-absent" : "replace", field, stored, Long.toString(floor));
        return redis.eval(SOURCE_PUT, List.of(keys.policySource()), args).thenCompose(reply -> {
            boolean written = asLong(reply.get(0)) == 1;
            long version = asLong(reply.get(1));
            if (!written) {
                return CompletableFuture.completedFuture(new SharedWrite(false, version, 0, keys.buckets()));
            }
            List<CompletableFuture<Boolean>> copies = IntStream.range(0, keys.buckets())
                    .mapToObj(bucket -> redis.eval(COPY_APPLY, List.of(keys.policyCopy(bucket)),
                                    List.of(Long.toString(version), field, stored))
                            .thenApply(applied -> asLong(applied.get(0)) != 0)
                            // A copy that could not be written now is the sync's to repair; the change holds.
                            .exceptionally(failure -> false))
                    .toList();
            return CompletableFuture.allOf(copies.toArray(CompletableFuture[]::new)).thenApply(done -> new SharedWrite(true,
                    version, (int) copies.stream().filter(CompletableFuture::join).count(), keys.buckets()));
        });
    }

    public static String routeField(Route route) {
        return Scopes.routeField(route.toString());
    }

    public static String defaultField() {
        return Scopes.DEFAULT;
    }

    /** The source's shared policies, deleted ones included as {@link PolicyCodec#DELETED}. */
    public CompletableFuture<Shared> source() {
        return shared(keys.policySource());
    }

    /** A bucket's copy of the shared policies. */
    public CompletableFuture<Shared> copy(int bucket) {
        return shared(keys.policyCopy(bucket));
    }

    private CompletableFuture<Shared> shared(String key) {
        return redis.eval(SHARED_READ, List.of(key), List.of()).thenApply(reply -> {
            Map<String, String> fields = new LinkedHashMap<>();
            for (int i = 1; i + 1 < reply.size(); i += 2) {
                fields.put((String) reply.get(i), (String) reply.get(i + 1));
            }
            return new Shared(asLong(reply.get(0)), fields);
        });
    }

    public CompletableFuture<Long> sourceVersion() {
        return version(keys.policySource());
    }

    public CompletableFuture<Long> copyVersion(int bucket) {
        return version(keys.policyCopy(bucket));
    }

    private CompletableFuture<Long> version(String key) {
        return redis.eval(VERSION, List.of(key), List.of()).thenApply(reply -> asLong(reply.get(0)));
    }

    /** Brings a bucket's copy up to {@code shared} whole; false when it already held that version or a newer one. */
    public CompletableFuture<Boolean> syncCopy(int bucket, Shared shared) {
        return sync(keys.policyCopy(bucket), shared);
    }

    /** Restores the source from a copy (the source's master came back empty). */
    public CompletableFuture<Boolean> restoreSource(Shared shared) {
        return sync(keys.policySource(), shared);
    }

    private CompletableFuture<Boolean> sync(String key, Shared shared) {
        List<String> args = new ArrayList<>(List.of(Long.toString(shared.version())));
        shared.fields().forEach((field, value) -> {
            args.add(field);
            args.add(value);
        });
        return redis.eval(COPY_SYNC, List.of(key), args).thenApply(reply -> asLong(reply.get(0)) == 1);
    }

    public CompletableFuture<Optional<ClientRule>> clientRule(String identity) {
        int bucket = keys.bucketOf(identity);
        return redis.eval(FIELD, List.of(keys.policyCopy(bucket)), List.of(Scopes.clientField(identity)))
                .thenApply(reply -> reply.isEmpty() ? Optional.empty()
                        : Optional.of(PolicyCodec.clientRule(identity, (String) reply.get(0))));
    }

    public CompletableFuture<Void> putClientRule(ClientRule rule) {
        int bucket = keys.bucketOf(rule.identity());
        return redis.eval(RULE_PUT, List.of(keys.policyCopy(bucket), keys.ruleIndex(bucket)),
                List.of(rule.identity(), PolicyCodec.encode(rule))).thenApply(reply -> null);
    }

    public CompletableFuture<Boolean> deleteClientRule(String identity) {
        int bucket = keys.bucketOf(identity);
        return redis.eval(RULE_DELETE, List.of(keys.policyCopy(bucket), keys.ruleIndex(bucket)), List.of(identity))
                .thenApply(reply -> asLong(reply.get(0)) == 1);
    }

    /**
     * Client rules in identity order: {@code count} of them after the first {@code offset}, plus one more when there is
     * one, so the caller knows whether a next page exists. On a cluster every bucket is asked for its first
     * {@code offset + count + 1} and the answers merged.
     */
    public CompletableFuture<List<ClientRule>> clientRules(int offset, int count) {
        boolean single = keys.buckets() == 1;
        List<CompletableFuture<List<ClientRule>>> parts = IntStream.range(0, keys.buckets())
                .mapToObj(bucket -> redis.eval(RULES, List.of(keys.policyCopy(bucket), keys.ruleIndex(bucket)),
                                List.of(Integer.toString(single ? offset : 0), Integer.toString(single ? count + 1 : offset + count + 1)))
                        .thenApply(reply -> {
                            List<ClientRule> rules = new ArrayList<>();
                            for (int i = 0; i + 1 < reply.size(); i += 2) {
                                rules.add(PolicyCodec.clientRule((String) reply.get(i), (String) reply.get(i + 1)));
                            }
                            return rules;
                        }))
                .toList();
        return CompletableFuture.allOf(parts.toArray(CompletableFuture[]::new)).thenApply(done -> {
            List<ClientRule> all = new ArrayList<>();
            parts.forEach(part -> all.addAll(part.join()));
            all.sort(java.util.Comparator.comparing(ClientRule::identity));
            int from = single ? 0 : Math.min(offset, all.size());
            return List.copyOf(all.subList(from, Math.min(all.size(), from + count + 1)));
        });
    }

    static long asLong(Object value) {
        return value instanceof Long l ? l : Long.parseLong(value.toString());
    }
}
