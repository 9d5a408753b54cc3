package io.ratelimiter.limiter.algorithm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.micronaut.test.support.TestPropertyProvider;
import io.ratelimiter.limiter.LimiterTestNodes;
import io.ratelimiter.limiter.admin.RateLimiterAdmin;
import io.ratelimiter.limiter.policy.Algorithm;
import io.ratelimiter.limiter.policy.ClientRule;
import io.ratelimiter.limiter.policy.FailureMode;
import io.ratelimiter.limiter.policy.Limit;
import io.ratelimiter.limiter.policy.Policy;
import io.ratelimiter.realservers.RealServers;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Every algorithm, through the real check script on a real Redis. Each test limits a client of its own. */
@MicronautTest(startApplication = false)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AlgorithmsTest implements TestPropertyProvider {

    @Inject
    RateLimitCheck check;

    @Inject
    RateLimiterAdmin admin;

    @Override
    public Map<String, String> getProperties() {
        return Map.of("redis.uri", RealServers.redis().uri(),
                "rate-limiter.key-prefix", LimiterTestNodes.uniquePrefix("algorithms"));
    }

    private String client(Algorithm algorithm, String test, Limit... limits) {
        String identity = "key:" + algorithm.wireName() + "-" + test;
        admin.setClientRule(ClientRule.limit(identity,
                new Policy("p", algorithm, List.of(limits), FailureMode.ALLOW, false)));
        return identity;
    }

    private Decision ask(String identity) {
        return check.check(identity, "GET /items/{id}").join();
    }

    @ParameterizedTest
    @EnumSource(Algorithm.class)
    void allowsExactlyTheQuotaAndDeniesTheNext(Algorithm algorithm) {
        String identity = client(algorithm, "exact", Limit.of(5, Duration.ofMinutes(1)));

        for (int i = 0; i < 5; i++) {
            Decision decision = ask(identity);
            assertThat(decision.outcome()).as("request %d", i + 1).isEqualTo(Decision.Outcome.ALLOWED);
            assertThat(decision.limits().get(0).remaining()).isEqualTo(4 - i);
        }
        Decision sixth = ask(identity);

        assertThat(sixth.outcome()).isEqualTo(Decision.Outcome.DENIED);
        assertThat(sixth.scope()).isEqualTo("client");
        assertThat(sixth.limits().get(0).violated()).isTrue();
        assertThat(sixth.limits().get(0).remaining()).isZero();
        // The sliding window counter may need part of the next window too before its estimate leaves room.
        assertThat(sixth.retryAfterMs()).isBetween(1L, 120_000L);
    }

    @ParameterizedTest
    @EnumSource(Algorithm.class)
    void recoversAfterTheWindowOrRefill(Algorithm algorithm) {
        String identity = client(algorithm, "recovers", Limit.of(3, Duration.ofSeconds(1)));
        for (int i = 0; i < 3; i++) {
            assertThat(ask(identity).outcome()).isEqualTo(Decision.Outcome.ALLOWED);
        }
        assertThat(ask(identity).outcome()).isEqualTo(Decision.Outcome.DENIED);

        await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(100))
                .until(() -> ask(identity).outcome() == Decision.Outcome.ALLOWED);
    }

    @ParameterizedTest
    @EnumSource(Algorithm.class)
    void deniedRequestsDoNotExtendTheLockout(Algorithm algorithm) {
        String identity = client(algorithm, "lockout", Limit.of(3, Duration.ofSeconds(1)));
        for (int i = 0; i < 3; i++) {
            ask(identity);
        }
        Decision denied = ask(identity);
        assertThat(denied.outcome()).isEqualTo(Decision.Outcome.DENIED);

        // Knocking every 10 ms: were denials counted, the door would never open again.
        await().atMost(Duration.ofMillis(denied.retryAfterMs() + 1500)).pollInterval(Duration.ofMillis(10))
                .until(() -> ask(identity).outcome() == Decision.Outcome.ALLOWED);
    }

    @ParameterizedTest
    @EnumSource(Algorithm.class)
    void concurrentRequestsNeverGetPastTheQuota(Algorithm algorithm) {
        String identity = client(algorithm, "concurrent", Limit.of(50, Duration.ofHours(1)));

        List<CompletableFuture<Decision>> all = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            all.add(check.check(identity, "GET /items/{id}"));
        }

        long allowed = all.stream().map(CompletableFuture::join).filter(d -> d.outcome() == Decision.Outcome.ALLOWED).count();
        assertThat(allowed).isEqualTo(50);
    }

    @Test
    void theTightestOfSeveralLimitsDecidesAndEachIsReported() {
        String identity = client(Algorithm.SLIDING_WINDOW, "several",
                Limit.of(2, Duration.ofMinutes(1)), Limit.of(100, Duration.ofDays(1)));

        ask(identity);
        ask(identity);
        Decision third = ask(identity);

        assertThat(third.outcome()).isEqualTo(Decision.Outcome.DENIED);
        assertThat(third.limits()).extracting(Decision.LimitState::name).containsExactly("p-1m", "p-1d");
        assertThat(third.violated()).extracting(Decision.LimitState::name).containsExactly("p-1m");
        assertThat(third.limits().get(1).remaining()).isEqualTo(98);
    }

    @Test
    void aShadowPolicyReportsTheDenialButLetsTheRequestThrough() {
        String identity = "key:shadow";
        admin.setClientRule(ClientRule.limit(identity, new Policy("trial", Algorithm.FIXED_WINDOW,
                List.of(Limit.of(2, Duration.ofMinutes(1))), FailureMode.ALLOW, true)));

        ask(identity);
        ask(identity);
        Decision third = ask(identity);

        assertThat(third.outcome()).isEqualTo(Decision.Outcome.SHADOW_DENIED);
        assertThat(third.outcome().admitted()).isTrue();
        assertThat(third.violated()).hasSize(1);
    }

    @Test
    void aPolicyEditIsNeverSeenHalfWritten() {
        String identity = "key:atomic";
        Policy wide = new Policy("wide", Algorithm.SLIDING_WINDOW, List.of(Limit.of(100_000, Duration.ofHours(1))),
                FailureMode.ALLOW, false);
        Policy narrow = new Policy("narrow", Algorithm.FIXED_WINDOW, List.of(Limit.of(7, Duration.ofSeconds(2)),
                Limit.of(70, Duration.ofHours(2))), FailureMode.DENY, false);
        admin.setClientRule(ClientRule.limit(identity, wide));
        AtomicBoolean editing = new AtomicBoolean(true);
        CompletableFuture<Void> editor = CompletableFuture.runAsync(() -> {
            for (int i = 0; i < 100; i++) {
                admin.setClientRule(ClientRule.limit(identity, i % 2 == 0 ? narrow : wide));
            }
            editing.set(false);
        });

        List<Decision> seen = new ArrayList<>();
        while (editing.get()) {
            seen.add(ask(identity));
        }
        editor.join();

        assertThat(seen).isNotEmpty().allSatisfy(decision -> {
            if (decision.policy().equals("wide")) {
                assertThat(decision.limits()).extracting(Decision.LimitState::quota).containsExactly(100_000L);
            } else {
                assertThat(decision.policy()).isEqualTo("narrow");
                assertThat(decision.limits()).extracting(Decision.LimitState::quota).containsExactly(7L, 70L);
                assertThat(decision.onRedisFailure()).isEqualTo(FailureMode.DENY);
            }
        });
    }
}
