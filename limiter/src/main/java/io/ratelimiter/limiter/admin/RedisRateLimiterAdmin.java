package io.ratelimiter.limiter.admin;

import io.ratelimiter.limiter.policy.Algorithm;
import io.ratelimiter.limiter.policy.ClientRule;
import io.ratelimiter.limiter.policy.Policy;
import io.ratelimiter.limiter.policy.PolicyStore;
import io.ratelimiter.limiter.policy.Route;
import io.ratelimiter.limiter.redis.KeySpace;
import io.ratelimiter.limiter.redis.LuaScript;
import io.ratelimiter.limiter.redis.RedisFailures;
import io.ratelimiter.limiter.redis.RedisPort;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.IntStream;

/**
 * The admin API over the policy store and the indexes check.lua keeps. On standalone Redis a page of windows is one
 * script reading exactly that page; on a cluster each bucket's index is asked for its first {@code (page + 1) * size}
 * ranks, which are merged, and then only the page's windows are read: the price of spreading clients over slots
 * (see docs/limiter.md).
 */
@Singleton
final class RedisRateLimiterAdmin implements RateLimiterAdmin {

    private static final LuaScript WINDOWS = LuaScript.fromResources("windows_list", "windows_list.lua");
    private static final LuaScript READ = LuaScript.fromResources("windows_read", "windows_read.lua");
    private static final LuaScript RESET = LuaScript.fromResources("client_reset", "client_reset.lua");
    private static final LuaScript OVERVIEW = LuaScript.fromResources("overview", "overview.lua");
    private static final Duration WAIT = Duration.ofSeconds(5);
    private static final int OVERVIEW_SECONDS = 10;
    /** check.lua's one-letter codes. */
    private static final Map<String, Algorithm> ALGORITHMS = Map.of("l", Algorithm.SLIDING_LOG, "s", Algorithm.SLIDING_WINDOW,
            "f", Algorithm.FIXED_WINDOW, "t", Algorithm.TOKEN_BUCKET, "g", Algorithm.GCRA);

    private final PolicyStore store;
    private final RedisPort redis;
    private final KeySpace keys;

    RedisRateLimiterAdmin(PolicyStore store, RedisPort redis, KeySpace keys) {
        this.store = store;
        this.redis = redis;
        this.keys = keys;
    }

    @Override
    public Optional<Policy> defaultPolicy() {
        return await(store.defaultPolicy());
    }

    @Override
    public void setDefaultPolicy(Policy policy) {
        await(store.putDefault(policy, false));
    }

    @Override
    public List<RoutePolicy> routePolicies() {
        return await(store.routePolicies()).entrySet().stream()
                .map(e -> new RoutePolicy(e.getKey(), e.getValue()))
                .sorted(Comparator.comparing(r -> r.route().toString()))
                .toList();
    }

    @Override
    public Optional<Policy> routePolicy(Route route) {
        return await(store.routePolicy(route));
    }

    @Override
    public void setRoutePolicy(Route route, Policy policy) {
        await(store.putRoute(route, policy, false));
    }

    @Override
    public boolean deleteRoutePolicy(Route route) {
        return await(store.deleteRoute(route));
    }

    @Override
    public Page<ClientRule> clientRules(int page, int size) {
        WindowQuery checked = new WindowQuery(WindowQuery.Order.MOST_USED, null, page, size);
        List<ClientRule> rules = await(store.clientRules(checked.page() * size, size));
        return new Page<>(rules.subList(0, Math.min(size, rules.size())), page, size, rules.size() > size);
    }

    @Override
    public Optional<ClientRule> clientRule(String identity) {
        return await(store.clientRule(identity));
    }

    @Override
    public void setClientRule(ClientRule rule) {
        await(store.putClientRule(rule));
    }

    @Override
    public boolean deleteClientRule(String identity) {
        return await(store.deleteClientRule(identity));
    }

    @Override
    public int resetClient(String identity) {
        int bucket = keys.bucketOf(identity);
        List<Object> reply = await(redis.eval(RESET, indexes(bucket), List.of(keys.statePrefix(bucket), identity)));
        return (int) (long) (Long) reply.get(0);
    }

    @Override
    public Page<ClientWindow> windows(WindowQuery query) {
        String mode = query.identityPrefix() != null ? "prefix"
                : query.order() == WindowQuery.Order.MOST_USED ? "used" : "recent";
        String prefix = query.identityPrefix() == null ? "" : query.identityPrefix();
        int offset = query.page() * query.size();
        if (keys.buckets() == 1) {
            List<Object> reply = await(redis.eval(WINDOWS, indexes(0), List.of(keys.statePrefix(0), mode, prefix,
                    Integer.toString(offset), Integer.toString(query.size()), "state")));
            List<ClientWindow> windows = new ArrayList<>();
            for (int i = 2; i + 4 < reply.size(); i += 5) {
                windows.add(window((String) reply.get(i), (String) reply.get(i + 2), (String) reply.get(i + 3),
                        (String) reply.get(i + 4)));
            }
            return new Page<>(windows, query.page(), query.size(), (Long) reply.get(1) == 1);
        }
        return clusterWindows(query, mode, prefix, offset);
    }

    /**
     * A cluster page in two steps: every bucket's ranks (members and scores, no state) merged into the page's order,
     * then the state of just the page's windows, read from their buckets.
     */
    private Page<ClientWindow> clusterWindows(WindowQuery query, String mode, String prefix, int offset) {
        List<CompletableFuture<List<Object>>> ranks = IntStream.range(0, keys.buckets())
                .mapToObj(bucket -> redis.eval(WINDOWS, indexes(bucket), List.of(keys.statePrefix(bucket), mode, prefix,
                        "0", Integer.toString(offset + query.size()), "ranks")))
                .toList();
        await(CompletableFuture.allOf(ranks.toArray(CompletableFuture[]::new)));
        List<Ranked> all = new ArrayList<>();
        boolean more = false;
        for (CompletableFuture<List<Object>> future : ranks) {
            List<Object> reply = future.join();
            more |= (Long) reply.get(1) == 1;
            for (int i = 2; i + 1 < reply.size(); i += 2) {
                all.add(new Ranked((String) reply.get(i), Double.parseDouble((String) reply.get(i + 1))));
            }
        }
        all.sort(mode.equals("prefix") ? Comparator.comparing(Ranked::member)
                : Comparator.comparingDouble(Ranked::score).reversed().thenComparing(Ranked::member));
        int from = Math.min(offset, all.size());
        int to = Math.min(all.size(), from + query.size());
        List<String> page = all.subList(from, to).stream().map(Ranked::member).toList();
        Map<Integer, List<String>> byBucket = new TreeMap<>();
        for (String member : page) {
            byBucket.computeIfAbsent(keys.bucketOf(member.substring(0, member.indexOf(' '))), b -> new ArrayList<>()).add(member);
        }
        List<CompletableFuture<List<Object>>> states = byBucket.entrySet().stream().map(entry -> {
            List<String> args = new ArrayList<>(List.of(keys.statePrefix(entry.getKey())));
            args.addAll(entry.getValue());
            return redis.eval(READ, List.of(keys.expiryIndex(entry.getKey())), args);
        }).toList();
        await(CompletableFuture.allOf(states.toArray(CompletableFuture[]::new)));
        Map<String, ClientWindow> read = new HashMap<>();
        for (CompletableFuture<List<Object>> future : states) {
            List<Object> reply = future.join();
            for (int i = 0; i + 3 < reply.size(); i += 4) {
                String member = (String) reply.get(i);
                read.put(member, window(member, (String) reply.get(i + 1), (String) reply.get(i + 2), (String) reply.get(i + 3)));
            }
        }
        List<ClientWindow> windows = page.stream().map(read::get).filter(Objects::nonNull).toList();
        return new Page<>(windows, query.page(), query.size(), more || all.size() > to);
    }

    @Override
    public TrafficOverview overview() {
        List<CompletableFuture<List<Object>>> replies = IntStream.range(0, keys.buckets())
                .mapToObj(bucket -> redis.eval(OVERVIEW, List.of(keys.statsPrefix(bucket), keys.expiryIndex(bucket)),
                        List.of(Integer.toString(OVERVIEW_SECONDS))))
                .toList();
        await(CompletableFuture.allOf(replies.toArray(CompletableFuture[]::new)));
        long first = (Long) replies.get(0).join().get(0);
        long tracked = 0;
        long[][] counts = new long[OVERVIEW_SECONDS][3];
        for (CompletableFuture<List<Object>> future : replies) {
            List<Object> reply = future.join();
            tracked += (Long) reply.get(1);
            for (int s = 0; s < OVERVIEW_SECONDS; s++) {
                for (int kind = 0; kind < 3; kind++) {
                    counts[s][kind] += (Long) reply.get(2 + s * 3 + kind);
                }
            }
        }
        List<TrafficOverview.Second> seconds = new ArrayList<>();
        long[] totals = new long[3];
        for (int s = 0; s < OVERVIEW_SECONDS; s++) {
            seconds.add(new TrafficOverview.Second(Instant.ofEpochSecond(first + s), counts[s][0], counts[s][1], counts[s][2]));
            for (int kind = 0; kind < 3; kind++) {
                totals[kind] += counts[s][kind];
            }
        }
        return new TrafficOverview((double) totals[0] / OVERVIEW_SECONDS, (double) totals[1] / OVERVIEW_SECONDS,
                (double) totals[2] / OVERVIEW_SECONDS, tracked, seconds);
    }

    private record Ranked(String member, double score) {
    }

    private List<String> indexes(int bucket) {
        return List.of(keys.expiryIndex(bucket), keys.useIndex(bucket), keys.identityIndex(bucket));
    }

    /** From check.lua's meta field: {@code algorithm code|used|limit|window ms|last seen ms|ms to full quota|shadow}. */
    private static ClientWindow window(String member, String meta, String denied, String policy) {
        int space = member.indexOf(' ');
        String[] m = meta.split("\\|");
        long used = Long.parseLong(m[1]);
        long limit = Long.parseLong(m[2]);
        Instant lastSeen = Instant.ofEpochMilli(Long.parseLong(m[4]));
        return new ClientWindow(member.substring(0, space), member.substring(space + 1), policy, ALGORITHMS.get(m[0]),
                used, limit, Duration.ofMillis(Long.parseLong(m[3])), Math.max(0, limit - used),
                lastSeen.plusMillis(Long.parseLong(m[5])), Long.parseLong(denied), lastSeen, "1".equals(m[6]));
    }

    private static <T> T await(CompletableFuture<T> future) {
        try {
            return future.get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RedisUnavailableException("interrupted while waiting for Redis", e, true);
        } catch (ExecutionException e) {
            throw new RedisUnavailableException(RedisFailures.describe(e.getCause()), e.getCause(),
                    !RedisFailures.certainlyNotApplied(e.getCause()));
        } catch (TimeoutException e) {
            future.cancel(false);
            throw new RedisUnavailableException("Redis did not answer within " + WAIT.toSeconds() + " s", e, true);
        }
    }
}
