package io.ratelimiter.limiter.kit;

import static org.assertj.core.api.Assertions.assertThat;

import io.ratelimiter.limiter.Decision;
import io.ratelimiter.limiter.Decision.Outcome;
import io.ratelimiter.limiter.internal.failure.ResilientCheck;
import io.ratelimiter.limiter.identity.ClientIdentity;
import io.ratelimiter.limiter.policy.Algorithm;
import io.ratelimiter.limiter.policy.FailureMode;
import io.ratelimiter.limiter.policy.Limit;
import io.ratelimiter.limiter.policy.Policy;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

/** Every algorithm through the real check script, on every backend; time is moved by the test, never waited for. */
class AlgorithmKitTest {

    static Stream<Arguments> everyAlgorithmOnEveryBackend() {
        return Stream.of(Backend.values()).flatMap(backend -> Stream.of(Algorithm.values()).map(a -> Arguments.of(backend, a)));
    }

    static Stream<Arguments> tokenBucketsOnEveryBackend() {
        return Stream.of(Backend.values()).flatMap(backend ->
                Stream.of(Algorithm.TOKEN_BUCKET, Algorithm.GCRA).map(a -> Arguments.of(backend, a)));
    }

    private static Policy policy(Algorithm algorithm, Limit... limits) {
        return new Policy("p", algorithm, List.of(limits), FailureMode.ALLOW, false);
    }

    @ParameterizedTest(name = "{1} on {0}")
    @MethodSource("everyAlgorithmOnEveryBackend")
    void allowsExactlyTheQuotaAndDeniesTheNext(Backend backend, Algorithm algorithm) {
        KitNode node = KitNode.on(backend);
        node.clock().alignTo(Duration.ofMinutes(1));
        String client = node.clientWith(policy(algorithm, Limit.of(5, Duration.ofMinutes(1))));

        for (int i = 0; i < 5; i++) {
            Decision decision = node.check(client);
            assertThat(decision.outcome()).as("request %d", i + 1).isEqualTo(Outcome.ALLOWED);
            assertThat(decision.limits().get(0).remaining()).isEqualTo(4 - i);
        }
        Decision sixth = node.check(client);

        assertThat(sixth.outcome()).isEqualTo(Outcome.DENIED);
        assertThat(sixth.scope()).isEqualTo("client");
        assertThat(sixth.limits().get(0).violated()).isTrue();
        assertThat(sixth.limits().get(0).remaining()).isZero();
        assertThat(sixth.retryAfterMs()).isBetween(1L, Edits.longestWait(algorithm, Limit.of(5, Duration.ofMinutes(1))));
    }

    @ParameterizedTest(name = "{1} on {0}")
    @MethodSource("everyAlgorithmOnEveryBackend")
    void aDeniedClientIsAdmittedAtTheRetryItWasToldAndNotBefore(Backend backend, Algorithm algorithm) {
        KitNode node = KitNode.on(backend);
        node.clock().alignTo(Duration.ofSeconds(1));
        String client = node.clientWith(policy(algorithm, Limit.of(3, Duration.ofSeconds(1))));
        for (int i = 0; i < 3; i++) {
            assertThat(node.check(client).outcome()).isEqualTo(Outcome.ALLOWED);
        }
        long retry = node.check(client).retryAfterMs();

        node.clock().advanceMillis(retry - 1);
        assertThat(node.check(client).outcome()).as("1 ms before the retry").isEqualTo(Outcome.DENIED);
        node.clock().advanceMillis(1);
        assertThat(node.check(client).outcome()).as("at the retry").isEqualTo(Outcome.ALLOWED);
    }

    @ParameterizedTest(name = "{1} on {0}")
    @MethodSource("everyAlgorithmOnEveryBackend")
    void deniedRequestsDoNotExtendTheLockout(Backend backend, Algorithm algorithm) {
        KitNode node = KitNode.on(backend);
        node.clock().alignTo(Duration.ofSeconds(1));
        String client = node.clientWith(policy(algorithm, Limit.of(3, Duration.ofSeconds(1))));
        for (int i = 0; i < 3; i++) {
            node.check(client);
        }
        long retry = node.check(client).retryAfterMs();

        // Knocking every 10 ms: were denials counted, the door would not open at the announced time.
        long knocked = 0;
        while (knocked + 10 < retry) {
            node.clock().advanceMillis(10);
            knocked += 10;
            assertThat(node.check(client).outcome()).isEqualTo(Outcome.DENIED);
        }
        node.clock().advanceMillis(retry - knocked);
        assertThat(node.check(client).outcome()).isEqualTo(Outcome.ALLOWED);
    }

    @ParameterizedTest(name = "{1} on {0}")
    @MethodSource("everyAlgorithmOnEveryBackend")
    void concurrentRequestsNeverGetPastTheQuota(Backend backend, Algorithm algorithm) {
        KitNode node = KitNode.on(backend);
        String client = node.clientWith(policy(algorithm, Limit.of(50, Duration.ofHours(1))));
        ResilientCheck check = node.context().getBean(ResilientCheck.class);

        List<CompletableFuture<Decision>> all = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            all.add(check.check(ClientIdentity.of(client), KitNode.ROUTE));
        }

        assertThat(all.stream().map(CompletableFuture::join).filter(d -> d.outcome() == Outcome.ALLOWED).count()).isEqualTo(50);
    }

    @ParameterizedTest(name = "on {0}")
    @EnumSource(Backend.class)
    void theTightestOfSeveralLimitsDecidesAndEachIsReported(Backend backend) {
        KitNode node = KitNode.on(backend);
        node.clock().alignTo(Duration.ofMinutes(1));
        String client = node.clientWith(policy(Algorithm.SLIDING_WINDOW, Limit.of(2, Duration.ofMinutes(1)),
                Limit.of(100, Duration.ofDays(1))));

        node.check(client);
        node.check(client);
        Decision third = node.check(client);

        assertThat(third.outcome()).isEqualTo(Outcome.DENIED);
        assertThat(third.limits()).extracting(Decision.LimitState::name).containsExactly("p-1m", "p-1d");
        assertThat(third.violated()).extracting(Decision.LimitState::name).containsExactly("p-1m");
        assertThat(third.limits().get(1).remaining()).isEqualTo(98);
    }

    @ParameterizedTest(name = "on {0}")
    @EnumSource(Backend.class)
    void aShadowPolicyCountsTheDenialButLetsTheRequestThrough(Backend backend) {
        KitNode node = KitNode.on(backend);
        node.clock().alignTo(Duration.ofMinutes(1));
        String client = node.clientWith(new Policy("trial", Algorithm.FIXED_WINDOW, List.of(Limit.of(2, Duration.ofMinutes(1))),
                FailureMode.ALLOW, true));

        node.check(client);
        node.check(client);
        Decision third = node.check(client);

        assertThat(third.outcome()).isEqualTo(Outcome.SHADOW_DENIED);
        assertThat(third.outcome().admitted()).isTrue();
        assertThat(third.shadow()).isTrue();
        assertThat(third.violated()).hasSize(1);
    }

    /** 1000 per hour refills one request every 3.6 s: exactly then, not a microsecond later (doubles lost that). */
    @ParameterizedTest(name = "{1} on {0}")
    @MethodSource("tokenBucketsOnEveryBackend")
    void aSlowRefillIsExactToTheMicrosecond(Backend backend, Algorithm algorithm) {
        KitNode node = KitNode.on(backend);
        String client = node.clientWith(policy(algorithm, Limit.of(1000, Duration.ofHours(1))));
        for (int i = 0; i < 1000; i++) {
            node.check(client);
        }
        Decision empty = node.check(client);
        assertThat(empty.outcome()).isEqualTo(Outcome.DENIED);
        assertThat(empty.retryAfterMs()).isEqualTo(3600);

        node.clock().advance(Duration.ofNanos(3_599_999_000L));
        assertThat(node.check(client).outcome()).as("a microsecond early").isEqualTo(Outcome.DENIED);
        node.clock().advance(Duration.ofNanos(1000));
        assertThat(node.check(client).outcome()).as("at 3.6 s").isEqualTo(Outcome.ALLOWED);
    }

    /** 10 million per second with a burst of 1 admits one request per microsecond at most, never a crowd at once. */
    @ParameterizedTest(name = "{1} on {0}")
    @MethodSource("tokenBucketsOnEveryBackend")
    void aFastRateWithABurstOfOneAdmitsOneRequestAtATime(Backend backend, Algorithm algorithm) {
        KitNode node = KitNode.on(backend);
        String client = node.clientWith(policy(algorithm, new Limit(10_000_000, Duration.ofSeconds(1), 1)));

        int admitted = 0;
        for (int microsecond = 0; microsecond < 10; microsecond++) {
            for (int i = 0; i < 50; i++) {
                if (node.check(client).outcome() == Outcome.ALLOWED) {
                    admitted++;
                }
            }
            node.clock().advance(Duration.ofNanos(1000));
        }

        assertThat(admitted).isEqualTo(10);
    }
}
