package io.ratelimiter.limiter.algorithm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.micronaut.test.support.TestPropertyProvider;
import io.ratelimiter.limiter.admin.RateLimiterAdmin;
import io.ratelimiter.limiter.policy.Algorithm;
import io.ratelimiter.limiter.policy.ClientRule;
import io.ratelimiter.limiter.policy.Limit;
import io.ratelimiter.limiter.policy.Policy;
import io.ratelimiter.limiter.redis.KeySpace;
import io.ratelimiter.realservers.RealRedis;
import io.ratelimiter.realservers.RealServers;
import io.ratelimiter.realservers.Resp;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** check.lua run by EVAL with raw commands around it: its contract and edge cases, read straight from Redis. */
@MicronautTest(startApplication = false)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CheckScriptTest implements TestPropertyProvider {

    private final String prefix = "t-script-" + UUID.randomUUID().toString().substring(0, 8);
    private final RealRedis redis = RealServers.redis();
    private final KeySpace keys = new KeySpace(prefix, false);

    @Inject
    RateLimitCheck check;

    @Inject
    RateLimiterAdmin admin;

    @Override
    public Map<String, String> getProperties() {
        // The seeder is off: these tests decide which policies exist.
        return Map.of("redis.uri", redis.uri(), "rate-limiter.key-prefix", prefix, "rate-limiter.enabled", "false");
    }

    private String eval(String identity, String route) {
        return eval(keys, identity, route);
    }

    private String eval(KeySpace space, String identity, String route) {
        List<String> command = new ArrayList<>(List.of("EVAL", RateLimitCheck.SCRIPT.source(), "8"));
        command.addAll(space.checkKeys(identity, route));
        command.add(identity);
        command.add(route);
        return Resp.command(redis.host(), redis.port(), command.toArray(String[]::new));
    }

    private String redis(String... command) {
        return Resp.command(redis.host(), redis.port(), command);
    }

    private List<String> keysMatching(String pattern) {
        String reply = redis("KEYS", pattern);
        return reply.isEmpty() ? List.of() : Arrays.asList(reply.split("\n"));
    }

    @Test
    void withoutAnyPolicyARequestIsAdmittedAndNoStateIsKept() {
        KeySpace empty = new KeySpace(prefix + "-empty", false);

        String reply = eval(empty, "203.0.113.1", "GET /a");

        assertThat(reply.split("\n")[0]).isEqualTo("5");
        assertThat(keysMatching(prefix + "-empty:*:state:*")).isEmpty();
    }

    @Test
    void aClientRuleBeatsTheRoutePolicyWhichBeatsTheDefault() {
        redis("HSET", keys.defaultPolicy(0), "name", "d", "algorithm", "fixed_window", "limits", "5:60000:0");
        redis("HSET", keys.routePolicy(0, "GET /r"), "name", "r", "algorithm", "fixed_window", "limits", "4:60000:0");
        redis("HSET", keys.clientRule("203.0.113.2"), "mode", "limit", "name", "c", "algorithm", "gcra", "limits", "3:60000:0");

        assertThat(eval("203.0.113.2", "GET /r").split("\n")).startsWith("1", "client", "c");
        assertThat(eval("203.0.113.3", "GET /r").split("\n")).startsWith("1", "GET /r", "r");
        assertThat(eval("203.0.113.3", "GET /other").split("\n")).startsWith("1", "default", "d");
    }

    @Test
    void blockedAndAlwaysAllowedClientsKeepNoState() {
        redis("HSET", keys.clientRule("203.0.113.4"), "mode", "block");
        redis("HSET", keys.clientRule("203.0.113.5"), "mode", "allow");

        assertThat(eval("203.0.113.4", "GET /a").split("\n")[0]).isEqualTo("4");
        assertThat(eval("203.0.113.5", "GET /a").split("\n")[0]).isEqualTo("3");
        assertThat(keysMatching(prefix + ":*:state:203.0.113.[45] *")).isEmpty();
    }

    @Test
    void aCorruptPolicyIsAnErrorNotASilentPass() {
        redis("HSET", keys.clientRule("203.0.113.6"), "mode", "limit", "name", "x", "algorithm", "leaky", "limits", "1:1000:0");

        assertThatThrownBy(() -> eval("203.0.113.6", "GET /a")).hasMessageContaining("names no known algorithm");
    }

    @Test
    void everyKeyACheckWritesExpires() {
        for (Algorithm algorithm : Algorithm.values()) {
            String identity = "key:expiry-" + algorithm.wireName();
            admin.setClientRule(ClientRule.limit(identity, Policy.of("e", algorithm, Limit.of(3, Duration.ofMinutes(5)))));
            for (int i = 0; i < 5; i++) {
                check.check(identity, "GET /a").join();
            }
        }

        List<String> written = keysMatching(prefix + ":*").stream()
                .filter(key -> !key.contains(":policy:") && !key.endsWith(":policies"))
                .toList();
        assertThat(written).anyMatch(key -> key.contains(":log1")).anyMatch(key -> key.contains(":idx:"))
                .anyMatch(key -> key.contains(":stats:"));
        assertThat(written).allSatisfy(key -> assertThat(Long.parseLong(redis("PTTL", key))).as(key).isPositive());
    }

    @Test
    void requestsArrivingTogetherAreCountedOnceEach() {
        String identity = "key:same-instant";
        admin.setClientRule(ClientRule.limit(identity, Policy.of("s", Algorithm.SLIDING_LOG, Limit.of(1000, Duration.ofMinutes(1)))));

        List<CompletableFuture<Decision>> burst = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            burst.add(check.check(identity, "GET /a"));
        }
        burst.forEach(CompletableFuture::join);

        String log = keys.statePrefix(0) + identity + " client:log1";
        assertThat(redis("ZCARD", log)).isEqualTo("300");
        assertThat(check.check(identity, "GET /a").join().limits().get(0).remaining()).isEqualTo(1000 - 301);
    }

    @Test
    void switchingAPolicysAlgorithmStartsTheClientAfresh() {
        String identity = "key:switch";
        admin.setClientRule(ClientRule.limit(identity, Policy.of("w", Algorithm.FIXED_WINDOW, Limit.of(2, Duration.ofHours(1)))));
        check.check(identity, "GET /a").join();
        check.check(identity, "GET /a").join();
        assertThat(check.check(identity, "GET /a").join().outcome()).isEqualTo(Decision.Outcome.DENIED);

        admin.setClientRule(ClientRule.limit(identity, Policy.of("w", Algorithm.TOKEN_BUCKET, Limit.of(2, Duration.ofHours(1)))));

        Decision after = check.check(identity, "GET /a").join();
        assertThat(after.outcome()).isEqualTo(Decision.Outcome.ALLOWED);
        assertThat(redis("HKEYS", keys.statePrefix(0) + identity + " client")).doesNotContain("c1");
    }

    @Test
    void counterStateOfOneClientStaysSmall() {
        // Measured with the production key prefix, since MEMORY USAGE counts the key's name too; no other suite
        // of this module uses it.
        KeySpace production = new KeySpace("rl", false);
        for (Algorithm algorithm : List.of(Algorithm.FIXED_WINDOW, Algorithm.SLIDING_WINDOW, Algorithm.TOKEN_BUCKET, Algorithm.GCRA)) {
            String identity = "203.0.113." + (100 + algorithm.ordinal());
            // The largest numbers a policy allows make the longest state; the policy's name adds its own length.
            redis("HSET", production.clientRule(identity), "mode", "limit", "name", "default",
                    "algorithm", algorithm.wireName(), "limits", "1000000000:2678400000:1000000000");
            String state = production.statePrefix(0) + identity + " client";
            // With a quota this large one request is refilled within milliseconds, and the state expires with it:
            // read size and encoding in one script (a script sees no key expire), right after a check made it.
            String[] sizeAndEncoding = new String[0];
            for (int attempt = 0; attempt < 50 && sizeAndEncoding.length < 2; attempt++) {
                eval(production, identity, "GET /a");
                sizeAndEncoding = redis("EVAL", "if redis.call('EXISTS', KEYS[1]) == 0 then return {} end "
                        + "return {redis.call('MEMORY', 'USAGE', KEYS[1]), redis.call('OBJECT', 'ENCODING', KEYS[1])}",
                        "1", state).lines().toArray(String[]::new);
            }

            assertThat(sizeAndEncoding).as(algorithm.wireName() + ": the state outlived no attempt").hasSize(2);
            assertThat(Long.parseLong(sizeAndEncoding[0])).as(algorithm.wireName()).isLessThanOrEqualTo(200);
            assertThat(sizeAndEncoding[1]).isIn("listpack", "ziplist");
        }
    }
}
