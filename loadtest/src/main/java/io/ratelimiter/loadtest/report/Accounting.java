package io.ratelimiter.loadtest.report;

import io.ratelimiter.limiter.policy.Algorithm;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.ToLongFunction;

/**
 * Counts what each client got through, per policy and per window, and proves over-admission from the client's side.
 *
 * <p>The limiter decides at Redis' clock, somewhere between the moment a request left ({@code sent}) and the moment its
 * answer arrived ({@code received}). A set of admitted requests certainly fell into one window of {@code w} seconds
 * when the last answer arrived less than {@code w} after the first request left; if such a set is larger than what
 * the algorithm may admit in one window, the limiter over-admitted. This never accuses the limiter wrongly, whatever
 * the latencies, and with latencies of milliseconds against windows of seconds it misses nothing that matters.
 *
 * <p>Requests are grouped by client and by the {@code RateLimit-Policy} their answers carry, so a policy change in
 * the middle of a run is accounted under each policy separately: every decision names the policy that made it.
 */
public final class Accounting {

    private Accounting() {
    }

    /**
     * The most admissions an algorithm lets through in any interval of one window: exactly the quota for the sliding
     * log; up to twice the quota across a boundary for the window counters; the quota plus the bucket's capacity for
     * the token bucket and GCRA.
     */
    public static long bound(Algorithm algorithm, long quota, long capacity) {
        return switch (algorithm) {
            case SLIDING_LOG -> quota;
            case SLIDING_WINDOW, FIXED_WINDOW -> 2 * quota;
            case TOKEN_BUCKET, GCRA -> quota + capacity;
        };
    }

    /** One account per client, policy (as announced) and limit, in order of first request. */
    public static List<ClientAccount> accounts(Collection<Exchange> exchanges, ToLongFunction<Quota> bound) {
        Map<String, Map<String, List<Exchange>>> byClient = new LinkedHashMap<>();
        exchanges.stream()
                .filter(e -> !e.failed() && !e.response().policy().isEmpty())
                .sorted(Comparator.comparingLong(e -> e.response().sentNanos()))
                .forEach(e -> byClient.computeIfAbsent(e.client(), c -> new LinkedHashMap<>())
                        .computeIfAbsent(e.response().policy(), p -> new ArrayList<>()).add(e));
        List<ClientAccount> accounts = new ArrayList<>();
        byClient.forEach((client, byPolicy) -> byPolicy.forEach((header, answers) -> {
            for (Quota quota : Quota.parseAll(header)) {
                accounts.add(account(client, quota, bound.applyAsLong(quota), answers));
            }
        }));
        return accounts;
    }

    static ClientAccount account(String client, Quota quota, long bound, List<Exchange> answers) {
        long window = quota.windowNanos();
        long first = answers.get(0).response().sentNanos();
        long lastSent = answers.get(answers.size() - 1).response().sentNanos();
        List<Exchange> admitted = answers.stream().filter(Exchange::admitted).toList();
        long lastReceived = answers.stream().mapToLong(e -> e.response().receivedNanos()).max().orElse(first);
        int windowCount = (int) ((lastReceived - first) / window) + 1;
        int[] allowed = new int[windowCount];
        int[] denied = new int[windowCount];
        for (Exchange e : answers) {
            int index = (int) ((e.response().receivedNanos() - first) / window);
            if (e.admitted()) {
                allowed[index]++;
            } else {
                denied[index]++;
            }
        }
        List<ClientAccount.Window> windows = new ArrayList<>();
        for (int i = 0; i < windowCount; i++) {
            long start = first + i * window;
            windows.add(new ClientAccount.Window(i, start, allowed[i], denied[i], start + window <= lastSent));
        }
        return new ClientAccount(client, quota, bound, windows, densestWindow(admitted, window), first);
    }

    /**
     * The most admitted requests that certainly fell into one window, in order of sending: for each request taken as
     * the earliest, those sent no earlier whose answers arrived before it left plus a window.
     */
    static List<Exchange> densestWindow(List<Exchange> admitted, long window) {
        List<Exchange> densest = List.of();
        for (Exchange earliest : admitted) {
            long from = earliest.response().sentNanos();
            List<Exchange> inside = admitted.stream().filter(other -> other.response().sentNanos() >= from
                    && other.response().receivedNanos() < from + window).toList();
            if (inside.size() > densest.size()) {
                densest = inside;
            }
        }
        return densest;
    }
}
