package io.ratelimiter.loadtest.bench;

import io.micronaut.context.ApplicationContext;
import io.ratelimiter.limiter.admin.RateLimiterAdmin;
import io.ratelimiter.limiter.policy.Algorithm;
import io.ratelimiter.limiter.policy.Limit;
import io.ratelimiter.limiter.policy.Policy;
import io.ratelimiter.limiter.testkit.LimiterRedis;
import io.ratelimiter.loadtest.scale.BenchRedis;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * What a decision costs Redis, ours beside the simplest peer's: Spring Cloud Gateway's {@code request_rate_limiter.lua},
 * loaded from its published jar (spring-cloud-gateway-server, in this module's runtime scope only), so the comparison
 * runs the real thing. Both scripts by redis-benchmark at 16 clients on the same Redis, every request for an identity
 * drawn from a million (so nearly every decision is a new client's, the costliest case), every decision an admitted
 * one; Redis CPU per decision is {@code INFO commandstats}' {@code usec_per_call} of EVALSHA. Then the memory each
 * client costs Redis, all in: {@code used_memory} growth over 100,000 clients of one request each.
 */
public final class PeerScriptBenchmark {

    private static final String PEER = "META-INF/scripts/request_rate_limiter.lua";
    private static final int CLIENTS = 16;
    private static final String ROUTE = "GET /items/{id}";

    private PeerScriptBenchmark() {
    }

    /** One script's figures. */
    private record Cost(double microsPerCall, double perSecond, double bytesPerClient) {
    }

    public static void run(PrintStream out, int requests, int rounds) throws Exception {
        out.println();
        out.println("## Redis CPU per decision: our check beside Spring Cloud Gateway's script");
        out.println();
        Optional<RedisBenchmark> benchmark = RedisBenchmark.onPathOrSayWhyNot(out);
        if (benchmark.isEmpty()) {
            return;
        }
        String peer = peerScript();
        try (BenchRedis redis = BenchRedis.start();
             ApplicationContext console = ApplicationContext.run(Map.of("redis.uri", redis.uri(), "rate-limiter.enabled", "false",
                     "rate-limiter.key-prefix", "rl"))) {
            RateLimiterAdmin admin = console.getBean(RateLimiterAdmin.class);
            String peerSha = redis.command("SCRIPT", "LOAD", peer).strip();
            redis.command("SCRIPT", "LOAD", LimiterRedis.checkScript());
            out.printf(Locale.ROOT, "Redis %s (%s) on loopback; redis-benchmark, %d clients, %,d requests per cell, identities "
                            + "from a million (`-r 1000000`), %d rounds alternating; every decision admitted (quotas of 10^9 "
                            + "per hour). Peer: spring-cloud-gateway-server 4.3.0's `%s` (token bucket, two keys per client). "
                            + "µs per decision: `usec_per_call` of EVALSHA in `INFO commandstats`; memory: `used_memory` growth "
                            + "per client over 100,000 clients of one request each.%n%n",
                    redis.version(), redis.origin(), CLIENTS, requests, rounds, PEER);
            Map<String, List<Cost>> costs = new LinkedHashMap<>();
            for (int round = 0; round < rounds; round++) {
                costs.computeIfAbsent("peer", k -> new ArrayList<>()).add(measure(redis, benchmark.get(), requests,
                        List.of("EVALSHA", peerSha, "2", "request_rate_limiter.{__rand_int__}.tokens",
                                "request_rate_limiter.{__rand_int__}.timestamp", "1000000000", "1000000000", "", "1"), () -> { }));
                for (Algorithm algorithm : Algorithm.values()) {
                    Policy policy = Policy.of("default", algorithm, Limit.of(algorithm == Algorithm.SLIDING_LOG
                            ? 100_000 : 1_000_000_000, Duration.ofHours(1)));
                    List<String> command = LimiterRedis.checkCommand("rl", false, "__rand_int__", ROUTE);
                    costs.computeIfAbsent(algorithm.wireName(), k -> new ArrayList<>())
                            .add(measure(redis, benchmark.get(), requests, command, () -> admin.setDefaultPolicy(policy)));
                }
            }
            Cost baseline = mean(costs.get("peer"));
            out.println("| script | Redis µs per decision | decisions/s | µs per decision, ours / peer's | memory per client |");
            out.println("|---|---:|---:|---:|---:|");
            for (Map.Entry<String, List<Cost>> script : costs.entrySet()) {
                Cost cost = mean(script.getValue());
                out.printf(Locale.ROOT, "| %s | %.2f | %.0f | %s | %.0f B |%n",
                        script.getKey().equals("peer") ? "Spring Cloud Gateway (token bucket)" : "ours, " + script.getKey(),
                        cost.microsPerCall(), cost.perSecond(),
                        script.getKey().equals("peer") ? "1" : String.format(Locale.ROOT, "%.2f", cost.microsPerCall() / baseline.microsPerCall()),
                        cost.bytesPerClient());
            }
        }
    }

    /** A cell on an empty Redis ({@code setup} stores what the script needs), then memory on an empty one again. */
    private static Cost measure(BenchRedis redis, RedisBenchmark benchmark, int requests, List<String> command,
                                Runnable setup) throws Exception {
        redis.command("FLUSHALL");
        setup.run();
        redis.command("CONFIG", "RESETSTAT");
        RedisBenchmark.Result result = benchmark.run(redis.host(), redis.port(), CLIENTS, requests, command, 1_000_000);
        double micros = redis.info("commandstats").commandStat("evalsha", "usec_per_call")
                .orElseThrow(() -> new IllegalStateException("no EVALSHA in INFO commandstats"));
        redis.command("FLUSHALL");
        setup.run();
        long before = redis.usedMemory();
        // Unique identities from a billion: 100,000 clients of one request each.
        benchmark.run(redis.host(), redis.port(), CLIENTS, 100_000, command, 1_000_000_000);
        return new Cost(micros, result.requestsPerSecond(), (redis.usedMemory() - before) / 100_000.0);
    }

    private static Cost mean(List<Cost> costs) {
        return new Cost(costs.stream().mapToDouble(Cost::microsPerCall).average().orElse(0),
                costs.stream().mapToDouble(Cost::perSecond).average().orElse(0),
                costs.stream().mapToDouble(Cost::bytesPerClient).average().orElse(0));
    }

    private static String peerScript() {
        try (InputStream in = PeerScriptBenchmark.class.getClassLoader().getResourceAsStream(PEER)) {
            if (in == null) {
                throw new IllegalStateException(PEER + " is not on the class path (spring-cloud-gateway-server, loadtest's pom)");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
