package io.ratelimiter.limiter.internal.check;

import io.ratelimiter.limiter.Decision;

import static org.assertj.core.api.Assertions.assertThat;

import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.micronaut.test.support.TestPropertyProvider;
import io.ratelimiter.limiter.LimiterTestNodes;
import io.ratelimiter.limiter.admin.RateLimiterAdmin;
import io.ratelimiter.limiter.internal.failure.ResilientCheck;
import io.ratelimiter.limiter.identity.ClientIdentity;
import io.ratelimiter.limiter.policy.Algorithm;
import io.ratelimiter.limiter.policy.ClientRule;
import io.ratelimiter.limiter.policy.Limit;
import io.ratelimiter.limiter.policy.Policy;
import io.ratelimiter.limiter.internal.redis.KeySpace;
import io.ratelimiter.realservers.RealServers;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** check.lua's contract and edge cases, read straight from Redis around the node's own checks. */
@MicronautTest(startApplication = false)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CheckScriptTest implements TestPropertyProvider {

    private final String prefix = LimiterTestNodes.uniquePrefix("script");

    @Inject
    ResilientCheck check;

    @Inject
    RateLimiterAdmin admin;

    @Inject
    KeySpace keys;

    @Inject
    StatefulRedisConnection<String, String> connection;

    @Override
    public Map<String, String> getProperties() {
        // The node seeds nothing: these tests decide which policies exist.
        return Map.of("redis.uri", RealServers.redis().uri(), "rate-limiter.key-prefix", prefix, "rate-limiter.enabled", "false");
    }

    private RedisCommands<String, String> redis() {
        return connection.sync();
    }

    private List<Object> eval(String identity, String route, String expectedVersion) {
        return redis().eval(RateLimitCheck.SCRIPT.source(), ScriptOutputType.MULTI,
                keys.checkKeys(identity, route).toArray(String[]::new), identity, route, expectedVersion, "");
    }

    private Decision.Outcome outcome(String identity) {
        return check.check(ClientIdentity.of(identity), "GET /a").join().outcome();
    }

    @Test
    void withoutAnyPolicyARequestIsAdmittedAndNoStateIsKept() {
        List<Object> reply = eval("203.0.113.1", "GET /nowhere", "");

        assertThat(reply.get(0)).isEqualTo(5L);
        assertThat(redis().hget(keys.state(0), "203.0.113.1 default")).isNull();
    }

    /** A newer node's algorithm, read by this one: a counted policy error decided by its failure mode, not an outage. */
    @Test
    void aPolicyThisNodeCannotApplyIsDecidedByItsFailureModeAndOpensNoBreaker() {
        redis().hset(keys.policyCopy(0), "client:203.0.113.2", "L|future|d|0|0|z|5:60000:0:1:12000");
        redis().hset(keys.policyCopy(0), "client:203.0.113.3", "L|future|a|0|0|z|5:60000:0:1:12000");

        for (int i = 0; i < 10; i++) {
            assertThat(outcome("203.0.113.2")).isEqualTo(Decision.Outcome.POLICY_ERROR_CLOSED);
        }
        assertThat(outcome("203.0.113.3")).isEqualTo(Decision.Outcome.POLICY_ERROR_OPEN);
        admin.setClientRule(ClientRule.limit("203.0.113.4", Policy.of("now", Algorithm.GCRA, Limit.of(5, Duration.ofMinutes(1)))));
        assertThat(outcome("203.0.113.4")).as("the breaker stayed closed").isEqualTo(Decision.Outcome.ALLOWED);
    }

    @Test
    void aCopyOlderThanTheVersionTheNodeKnowsSaysSo() {
        redis().hset(keys.policyCopy(0), "~v", "3");

        assertThat(eval("203.0.113.5", "GET /a", "4").get(6)).isEqualTo(1L);
        assertThat(eval("203.0.113.5", "GET /a", "3").get(6)).isEqualTo(0L);
        assertThat(eval("203.0.113.5", "GET /a", "").get(6)).isEqualTo(0L);
    }

    @Test
    void everyKeyACheckWritesExpires() {
        for (Algorithm algorithm : Algorithm.values()) {
            String identity = "user:expiry-" + algorithm.wireName();
            admin.setClientRule(ClientRule.limit(identity, Policy.of("e", algorithm, Limit.of(3, Duration.ofMinutes(5)))));
            for (int i = 0; i < 5; i++) {
                outcome(identity);
            }
        }

        List<String> written = new ArrayList<>(redis().keys(prefix + ":*"));
        written.removeIf(key -> key.endsWith(":policy") || key.endsWith(":rules"));
        assertThat(written).contains(keys.state(0), keys.expiryIndex(0), keys.nearLimitIndex(0))
                .anyMatch(key -> key.contains(":log:"));
        assertThat(written).allSatisfy(key -> assertThat(redis().pttl(key)).as(key).isPositive());
    }

    /** The console's bookkeeping is written when what it ranks moves, not on every request. */
    @Test
    void aClientsStateIsOneShortFieldWhateverItsNumbers() {
        for (Algorithm algorithm : List.of(Algorithm.FIXED_WINDOW, Algorithm.SLIDING_WINDOW, Algorithm.TOKEN_BUCKET, Algorithm.GCRA)) {
            String identity = "203.0.113." + (100 + algorithm.ordinal());
            admin.setClientRule(ClientRule.limit(identity, Policy.of("default", algorithm,
                    new Limit(1_000_000_000, Duration.ofDays(31), algorithm.usesBurst() ? 1_000_000_000 : 0))));
            outcome(identity);

            String state = redis().hget(keys.state(0), identity + " client");
            assertThat(state).as(algorithm.wireName()).isNotNull();
            assertThat(state.length()).as(algorithm.wireName() + ": " + state).isLessThanOrEqualTo(70);
        }
    }
}
