package io.ratelimiter.limiter.internal.admin;

import io.ratelimiter.limiter.admin.RedisUnavailableException;

import io.ratelimiter.limiter.admin.ClientWindow;
import io.ratelimiter.limiter.admin.PolicyCopies;
import io.ratelimiter.limiter.admin.TrafficOverview;

import io.ratelimiter.limiter.admin.Page;
import io.ratelimiter.limiter.admin.RateLimiterAdmin;
import io.ratelimiter.limiter.admin.RoutePolicy;
import io.ratelimiter.limiter.admin.WindowQuery;

import io.ratelimiter.limiter.internal.check.RateLimitCheck;
import io.ratelimiter.limiter.identity.ClientIdentities;
import io.ratelimiter.limiter.policy.ClientRule;
import io.ratelimiter.limiter.policy.InvalidPolicyException;
import io.ratelimiter.limiter.policy.Policy;
import io.ratelimiter.limiter.internal.policy.PolicyCodec;
import io.ratelimiter.limiter.internal.policy.PolicyStore;
import io.ratelimiter.limiter.policy.Route;
import io.ratelimiter.limiter.internal.redis.KeySpace;
import io.ratelimiter.limiter.internal.redis.LuaScript;
import io.ratelimiter.limiter.internal.redis.RedisFailures;
import io.ratelimiter.limiter.internal.redis.RedisPort;
import io.ratelimiter.limiter.internal.redis.Scopes;
import io.ratelimiter.limiter.internal.sync.PolicySync;
import io.ratelimiter.limiter.time.LimiterClock;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.IntStream;

/**
 * The admin API over the policy store and the indexes the check keeps. A page of windows is read in two steps: the
 * ranks of the page (from every bucket's index, merged, on a cluster), then the state of just those windows, which
 * also drops from the indexes what expired meanwhile (see docs/limiter.md).
 */
@Singleton
final class RedisRateLimiterAdmin implements RateLimiterAdmin {

    private static final LuaScript RANKS = LuaScript.fromResources("windows_ranks", "admin/clock.lua", "admin/windows_ranks.lua");
    private static final LuaScript SCAN = LuaScript.fromResources("windows_scan", "admin/clock.lua", "admin/windows_scan.lua");
    private static final LuaScript READ = LuaScript.fromResources("windows_read",
            with(RateLimitCheck.ALGORITHMS, "admin/clock.lua", "admin/windows_read.lua"));
    private static final LuaScript RESET = LuaScript.fromResources("client_reset", "admin/client_reset.lua");
    private static final LuaScript OVERVIEW = LuaScript.fromResources("overview", "admin/clock.lua", "admin/overview.lua");
    private static final LuaScript TRACKED = LuaScript.fromResources("tracked", "admin/clock.lua", "admin/tracked.lua");
    private static final Duration WAIT = Duration.ofSeconds(5);
    /** A search by prefix sorts its matches by identity; beyond this many it asks for a longer prefix. */
    static final int MAX_PREFIX_MATCHES = 10_000;
    /** Ranks read past a page, so a page stays full when some of its windows expired a moment ago. */
    private static final int SPARE = 20;

    private final PolicyStore store;
    private final PolicySync sync;
    private final RedisPort redis;
    private final KeySpace keys;
    private final ClientIdentities identities;
    private final LimiterClock clock;

    RedisRateLimiterAdmin(PolicyStore store, PolicySync sync, RedisPort redis, KeySpace keys, ClientIdentities identities,
                          LimiterClock clock) {
        this.store = store;
        this.sync = sync;
        this.redis = redis;
        this.keys = keys;
        this.identities = identities;
        this.clock = clock;
    }

    @Override
    public Optional<Policy> defaultPolicy() {
        return await(store.sharedField(PolicyStore.defaultField())).map(PolicyCodec::policy);
    }

    @Override
    public void setDefaultPolicy(Policy policy) {
        await(sync.write(PolicyStore.defaultField(), PolicyCodec.encode(policy)));
    }

    @Override
    public List<RoutePolicy> routePolicies() {
        List<RoutePolicy> routes = new ArrayList<>();
        await(store.source()).fields().forEach((field, stored) -> {
            if (field.startsWith(Scopes.routeField("")) && !PolicyCodec.DELETED.equals(stored)) {
                routes.add(new RoutePolicy(Route.parse(field.substring(Scopes.routeField("").length())), PolicyCodec.policy(stored)));
            }
        });
        routes.sort(Comparator.comparing(r -> r.route().toString()));
        return routes;
    }

    @Override
    public Optional<Policy> routePolicy(Route route) {
        return await(store.sharedField(PolicyStore.routeField(route))).map(PolicyCodec::policy);
    }

    @Override
    public void setRoutePolicy(Route route, Policy policy) {
        await(sync.write(PolicyStore.routeField(route), PolicyCodec.encode(policy)));
    }

    @Override
    public boolean deleteRoutePolicy(Route route) {
        return await(sync.write(PolicyStore.routeField(route), PolicyCodec.DELETED)).written();
    }

    @Override
    public Page<ClientRule> clientRules(int page, int size) {
        WindowQuery checked = new WindowQuery(WindowQuery.Order.MOST_USED, null, page, size);
        List<ClientRule> rules = await(store.clientRules(checked.page() * size, size));
        return new Page<>(rules.subList(0, Math.min(size, rules.size())), page, size, rules.size() > size);
    }

    @Override
    public Optional<ClientRule> clientRule(String identity) {
        return await(store.clientRule(identities.canonical(identity)));
    }

    @Override
    public void setClientRule(ClientRule rule) {
        await(store.putClientRule(new ClientRule(identities.canonical(rule.identity()), rule.mode(), rule.policy())));
    }

    @Override
    public boolean deleteClientRule(String identity) {
        return await(store.deleteClientRule(identities.canonical(identity)));
    }

    @Override
    public int resetClient(String identity) {
        String client = identities.canonical(identity);
        int bucket = keys.bucketOf(client);
        Set<String> scopes = new LinkedHashSet<>(List.of(Scopes.CLIENT, Scopes.DEFAULT));
        // Every route that has had a policy, deleted ones too: the client may still have a window under one.
        await(store.source()).fields().keySet().stream().filter(field -> field.startsWith(Scopes.routeField("")))
                .forEach(field -> scopes.add(field.substring(Scopes.routeField("").length())));
        List<String> members = scopes.stream().map(scope -> client + " " + scope).toList();
        List<String> scriptKeys = new ArrayList<>(keys.stateKeys(bucket));
        members.forEach(member -> scriptKeys.add(keys.log(bucket, member)));
        return (int) (long) (Long) await(redis.eval(RESET, scriptKeys, members)).get(0);
    }

    @Override
    public Page<ClientWindow> windows(WindowQuery query) {
        if (query.identityPrefix() != null) {
            return byPrefix(query);
        }
        String mode = query.order() == WindowQuery.Order.MOST_USED ? "used" : "recent";
        int offset = query.page() * query.size();
        int wanted = query.size() + SPARE;
        List<CompletableFuture<List<Object>>> ranks = IntStream.range(0, keys.buckets())
                .mapToObj(bucket -> redis.eval(RANKS, List.of(keys.expiryIndex(bucket), keys.nearLimitIndex(bucket)),
                        List.of(now(), mode, Integer.toString(keys.buckets() == 1 ? offset : 0),
                                Integer.toString(keys.buckets() == 1 ? wanted : offset + wanted))))
                .toList();
        List<Ranked> all = new ArrayList<>();
        for (List<Object> reply : awaitAll(ranks)) {
            for (int i = 0; i + 1 < reply.size(); i += 2) {
                all.add(new Ranked((String) reply.get(i), Double.parseDouble((String) reply.get(i + 1))));
            }
        }
        // Redis' own order (ZREVRANGE: equal scores by member, descending), so pages of one bucket and of many agree.
        all.sort(Comparator.comparingDouble(Ranked::score).thenComparing(Ranked::member).reversed());
        int from = keys.buckets() == 1 ? 0 : Math.min(offset, all.size());
        List<String> candidates = all.subList(from, Math.min(all.size(), from + wanted)).stream().map(Ranked::member).toList();
        return page(query, read(candidates, mode.equals("used")));
    }

    /** Matches of a prefix in every bucket, sorted by identity and scope. */
    private Page<ClientWindow> byPrefix(WindowQuery query) {
        String pattern = glob(query.identityPrefix()) + "*";
        List<String> matches = new ArrayList<>();
        for (int bucket = 0; bucket < keys.buckets() && matches.size() <= MAX_PREFIX_MATCHES; bucket++) {
            String cursor = "0";
            do {
                List<Object> step = await(redis.eval(SCAN, List.of(keys.expiryIndex(bucket)),
                        List.of(now(), cursor, pattern, "1000")));
                cursor = (String) step.get(0);
                for (int i = 1; i < step.size(); i++) {
                    matches.add((String) step.get(i));
                }
            } while (!"0".equals(cursor) && matches.size() <= MAX_PREFIX_MATCHES);
        }
        if (matches.size() > MAX_PREFIX_MATCHES) {
            throw new InvalidPolicyException(new InvalidPolicyException.Violation("identityPrefix",
                    "more than " + MAX_PREFIX_MATCHES + " windows start with '" + query.identityPrefix()
                            + "'; type more of the identity"));
        }
        matches.sort(Comparator.naturalOrder());
        int offset = Math.min(matches.size(), query.page() * query.size());
        List<String> candidates = matches.subList(offset, Math.min(matches.size(), offset + query.size() + SPARE));
        return page(query, read(candidates, false));
    }

    /** A page of {@code size} live windows, and whether one more is live after them. */
    private static Page<ClientWindow> page(WindowQuery query, List<ClientWindow> live) {
        return new Page<>(live.subList(0, Math.min(query.size(), live.size())), query.page(), query.size(),
                live.size() > query.size());
    }

    /** The live windows among {@code members}, in their order; expired ones are dropped (and un-indexed). */
    private List<ClientWindow> read(List<String> members, boolean nearLimitOnly) {
        Map<Integer, List<String>> byBucket = new TreeMap<>();
        for (String member : members) {
            byBucket.computeIfAbsent(keys.bucketOf(member.substring(0, member.indexOf(' '))), b -> new ArrayList<>()).add(member);
        }
        List<CompletableFuture<List<Object>>> replies = byBucket.entrySet().stream().map(entry -> {
            int bucket = entry.getKey();
            List<String> scriptKeys = new ArrayList<>(List.of(keys.policyCopy(bucket)));
            scriptKeys.addAll(keys.stateKeys(bucket));
            List<String> args = new ArrayList<>(List.of(now(), nearLimitOnly ? "used" : ""));
            for (String member : entry.getValue()) {
                scriptKeys.add(keys.log(bucket, member));
                args.add(member);
            }
            return redis.eval(READ, scriptKeys, args);
        }).toList();
        Map<String, ClientWindow> read = new HashMap<>();
        for (List<Object> reply : awaitAll(replies)) {
            Instant now = Instant.ofEpochMilli((Long) reply.get(0));
            for (int i = 1; i + 10 < reply.size(); i += 11) {
                String member = (String) reply.get(i);
                int space = member.indexOf(' ');
                long used = (Long) reply.get(i + 3);
                long limit = (Long) reply.get(i + 4);
                read.put(member, new ClientWindow(member.substring(0, space), member.substring(space + 1),
                        (String) reply.get(i + 1), PolicyCodec.algorithm((String) reply.get(i + 2)), used, limit,
                        Duration.ofMillis((Long) reply.get(i + 5)), (Long) reply.get(i + 6),
                        now.plusMillis((Long) reply.get(i + 7)), (Long) reply.get(i + 9),
                        Instant.ofEpochMilli((Long) reply.get(i + 8)), (Long) reply.get(i + 10) == 1));
            }
        }
        return members.stream().map(read::get).filter(java.util.Objects::nonNull).toList();
    }

    @Override
    public TrafficOverview overview(int seconds) {
        if (seconds < 1 || seconds > MAX_OVERVIEW_SECONDS) {
            throw new InvalidPolicyException(new InvalidPolicyException.Violation("seconds",
                    "an overview covers 1 to " + MAX_OVERVIEW_SECONDS + " seconds"));
        }
        CompletableFuture<List<Object>> totals = redis.eval(OVERVIEW, List.of(keys.decisionTotals()),
                List.of(now(), Integer.toString(seconds)));
        List<CompletableFuture<List<Object>>> tracked = IntStream.range(0, keys.buckets())
                .mapToObj(bucket -> redis.eval(TRACKED, List.of(keys.expiryIndex(bucket)), List.of(now())))
                .toList();
        List<Object> reply = await(totals);
        long windows = awaitAll(tracked).stream().mapToLong(count -> (Long) count.get(0)).sum();
        long first = (Long) reply.get(0);
        List<TrafficOverview.Second> perSecond = new ArrayList<>();
        long[] sums = new long[3];
        for (int s = 0; s < seconds; s++) {
            long[] counts = {(Long) reply.get(1 + s * 3), (Long) reply.get(2 + s * 3), (Long) reply.get(3 + s * 3)};
            perSecond.add(new TrafficOverview.Second(Instant.ofEpochSecond(first + s), counts[0], counts[1], counts[2]));
            for (int kind = 0; kind < 3; kind++) {
                sums[kind] += counts[kind];
            }
        }
        return new TrafficOverview((double) sums[0] / seconds, (double) sums[1] / seconds, (double) sums[2] / seconds,
                windows, perSecond);
    }

    @Override
    public PolicyCopies policyCopies() {
        PolicySync.Copies copies = await(sync.copies());
        return new PolicyCopies(copies.source(), copies.versions().size(), copies.current(), copies.unreachable());
    }

    @Override
    public String canonicalIdentity(String typed) {
        return identities.canonical(typed);
    }

    @Override
    public String apiKeyIdentity(String apiKey) {
        return identities.ofApiKey(apiKey);
    }

    private record Ranked(String member, double score) {
    }

    private String now() {
        return clock.decisionMicros().isPresent() ? Long.toString(clock.decisionMicros().getAsLong()) : "";
    }

    /** A literal for Redis' MATCH: identities may hold none of its special characters, but a typed prefix might. */
    private static String glob(String literal) {
        StringBuilder out = new StringBuilder();
        for (char c : literal.toCharArray()) {
            if (c == '*' || c == '?' || c == '[' || c == ']' || c == '\\') {
                out.append('\\');
            }
            out.append(c);
        }
        return out.toString();
    }

    private static String[] with(String[] first, String... more) {
        String[] all = java.util.Arrays.copyOf(first, first.length + more.length);
        System.arraycopy(more, 0, all, first.length, more.length);
        return all;
    }

    private static <T> List<T> awaitAll(List<CompletableFuture<T>> futures) {
        await(CompletableFuture.allOf(futures.toArray(CompletableFuture[]::new)));
        return futures.stream().map(CompletableFuture::join).toList();
    }

    private static <T> T await(CompletableFuture<T> future) {
        try {
            return future.get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RedisUnavailableException("interrupted while waiting for Redis", e, true);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof InvalidPolicyException invalid) {
                throw invalid;
            }
            throw new RedisUnavailableException(RedisFailures.describe(e.getCause()), e.getCause(),
                    !RedisFailures.certainlyNotApplied(e.getCause()));
        } catch (TimeoutException e) {
            future.cancel(false);
            throw new RedisUnavailableException("Redis did not answer within " + WAIT.toSeconds() + " s", e, true);
        }
    }
}
