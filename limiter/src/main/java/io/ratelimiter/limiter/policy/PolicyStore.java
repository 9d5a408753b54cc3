package io.ratelimiter.limiter.policy;

import io.ratelimiter.limiter.redis.KeySpace;
import io.ratelimiter.limiter.redis.LuaScript;
import io.ratelimiter.limiter.redis.RedisPort;
import jakarta.inject.Singleton;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.IntFunction;
import java.util.stream.IntStream;

/**
 * Where policies live: Redis hashes every node reads on each check. Each write replaces a hash whole in one atomic
 * script. Route and default policies are written to every bucket (see {@link KeySpace}); the first bucket is the one
 * read back. Asynchronous; the admin API and the seeder wait on it.
 */
@Singleton
public final class PolicyStore {

    private static final LuaScript PUT = LuaScript.fromResources("policy_put", "policy_put.lua");
    private static final LuaScript GET = LuaScript.fromResources("policy_get", "policy_get.lua");
    private static final LuaScript DELETE = LuaScript.fromResources("policy_delete", "policy_delete.lua");
    private static final LuaScript LIST = LuaScript.fromResources("policy_list", "policy_list.lua");

    private final RedisPort redis;
    private final KeySpace keys;

    PolicyStore(RedisPort redis, KeySpace keys) {
        this.redis = redis;
        this.keys = keys;
    }

    public CompletableFuture<Optional<Policy>> defaultPolicy() {
        return read(keys.defaultPolicy(0)).thenApply(hash -> hash.isEmpty() ? Optional.empty() : Optional.of(PolicyCodec.policy(hash)));
    }

    /** @return whether it was written (false only when {@code onlyIfAbsent} and one existed in every bucket) */
    public CompletableFuture<Boolean> putDefault(Policy policy, boolean onlyIfAbsent) {
        return everyBucket(bucket -> put(keys.defaultPolicy(bucket), bucket, KeySpace.defaultMember(),
                PolicyCodec.fields(policy), onlyIfAbsent));
    }

    public CompletableFuture<Optional<Policy>> routePolicy(Route route) {
        return read(keys.routePolicy(0, route.toString()))
                .thenApply(hash -> hash.isEmpty() ? Optional.empty() : Optional.of(PolicyCodec.policy(hash)));
    }

    public CompletableFuture<Boolean> putRoute(Route route, Policy policy, boolean onlyIfAbsent) {
        return everyBucket(bucket -> put(keys.routePolicy(bucket, route.toString()), bucket,
                KeySpace.routeMember(route.toString()), PolicyCodec.fields(policy), onlyIfAbsent));
    }

    public CompletableFuture<Boolean> deleteRoute(Route route) {
        return everyBucket(bucket -> delete(keys.routePolicy(bucket, route.toString()), bucket,
                KeySpace.routeMember(route.toString())));
    }

    /** Every route policy, ordered by route. */
    public CompletableFuture<Map<Route, Policy>> routePolicies() {
        String kind = KeySpace.routeMember("");
        return redis.eval(LIST, List.of(keys.policyIndex(0)), List.of(kind, keys.policyPrefix(0), "0", "100000"))
                .thenApply(reply -> {
                    Map<Route, Policy> routes = new LinkedHashMap<>();
                    listed(reply).forEach((member, hash) ->
                            routes.put(Route.parse(member.substring(kind.length())), PolicyCodec.policy(hash)));
                    return routes;
                });
    }

    public CompletableFuture<Optional<ClientRule>> clientRule(String identity) {
        return read(keys.clientRule(identity))
                .thenApply(hash -> hash.isEmpty() ? Optional.empty() : Optional.of(PolicyCodec.clientRule(identity, hash)));
    }

    public CompletableFuture<Boolean> putClientRule(ClientRule rule) {
        int bucket = keys.bucketOf(rule.identity());
        return put(keys.clientRule(rule.identity()), bucket, KeySpace.clientMember(rule.identity()),
                PolicyCodec.fields(rule), false);
    }

    public CompletableFuture<Boolean> deleteClientRule(String identity) {
        return delete(keys.clientRule(identity), keys.bucketOf(identity), KeySpace.clientMember(identity));
    }

    /**
     * Client rules ordered by identity: {@code count} of them after the first {@code offset}, plus one more when
     * there is one, so the caller knows whether a next page exists. On a cluster every bucket is asked for its
     * first {@code offset + count + 1} and the answers merged.
     */
    public CompletableFuture<List<ClientRule>> clientRules(int offset, int count) {
        String kind = KeySpace.clientMember("");
        boolean single = keys.buckets() == 1;
        List<CompletableFuture<List<ClientRule>>> parts = IntStream.range(0, keys.buckets())
                .mapToObj(bucket -> redis.eval(LIST, List.of(keys.policyIndex(bucket)), List.of(kind,
                                keys.policyPrefix(bucket), Integer.toString(single ? offset : 0),
                                Integer.toString(single ? count + 1 : offset + count + 1)))
                        .thenApply(reply -> {
                            List<ClientRule> rules = new ArrayList<>();
                            listed(reply).forEach((member, hash) -> {
                                String identity = member.substring(kind.length());
                                rules.add(PolicyCodec.clientRule(identity, hash));
                            });
                            return rules;
                        }))
                .toList();
        return CompletableFuture.allOf(parts.toArray(CompletableFuture[]::new)).thenApply(done -> {
            List<ClientRule> all = new ArrayList<>();
            parts.forEach(part -> all.addAll(part.join()));
            all.sort(Comparator.comparing(ClientRule::identity));
            int from = single ? 0 : Math.min(offset, all.size());
            return List.copyOf(all.subList(from, Math.min(all.size(), from + count + 1)));
        });
    }

    private CompletableFuture<Boolean> put(String key, int bucket, String member, List<String> fields, boolean onlyIfAbsent) {
        List<String> args = new ArrayList<>(List.of(onlyIfAbsent ? "if-absent" : "replace", member));
        args.addAll(fields);
        return redis.eval(PUT, List.of(key, keys.policyIndex(bucket)), args).thenApply(reply -> asLong(reply.get(0)) == 1);
    }

    private CompletableFuture<Boolean> delete(String key, int bucket, String member) {
        return redis.eval(DELETE, List.of(key, keys.policyIndex(bucket)), List.of(member))
                .thenApply(reply -> asLong(reply.get(0)) == 1);
    }

    private CompletableFuture<Map<String, String>> read(String key) {
        return redis.eval(GET, List.of(key), List.of()).thenApply(reply -> {
            Map<String, String> hash = new LinkedHashMap<>();
            for (int i = 0; i + 1 < reply.size(); i += 2) {
                hash.put((String) reply.get(i), (String) reply.get(i + 1));
            }
            return hash;
        });
    }

    private CompletableFuture<Boolean> everyBucket(IntFunction<CompletableFuture<Boolean>> write) {
        List<CompletableFuture<Boolean>> writes = IntStream.range(0, keys.buckets()).mapToObj(write).toList();
        return CompletableFuture.allOf(writes.toArray(CompletableFuture[]::new))
                .thenApply(done -> writes.stream().anyMatch(CompletableFuture::join));
    }

    private static Map<String, Map<String, String>> listed(List<Object> reply) {
        Map<String, Map<String, String>> entries = new LinkedHashMap<>();
        int i = 0;
        while (i < reply.size()) {
            String member = (String) reply.get(i);
            int fieldCount = (int) asLong(reply.get(i + 1));
            Map<String, String> hash = new LinkedHashMap<>();
            for (int f = 0; f < fieldCount; f += 2) {
                hash.put((String) reply.get(i + 2 + f), (String) reply.get(i + 3 + f));
            }
            entries.put(member, hash);
            i += 2 + fieldCount;
        }
        return entries;
    }

    static long asLong(Object value) {
        return value instanceof Long l ? l : Long.parseLong(value.toString());
    }
}
