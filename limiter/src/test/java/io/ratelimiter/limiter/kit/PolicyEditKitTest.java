package io.ratelimiter.limiter.kit;

import static org.assertj.core.api.Assertions.assertThat;

import io.ratelimiter.limiter.Decision;
import io.ratelimiter.limiter.Decision.Outcome;
import io.ratelimiter.limiter.policy.Algorithm;
import io.ratelimiter.limiter.policy.FailureMode;
import io.ratelimiter.limiter.policy.Limit;
import io.ratelimiter.limiter.policy.Policy;
import io.ratelimiter.limiter.policy.Route;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The edit table of docs/limiter.md, one test per cell, on every backend: an operator edits the policy of a route
 * while a client is mid-window. The rule: after an edit the client is never held back longer than the new policy
 * alone can hold it, and a tightened limit holds from the very next request, counting what the client already used.
 */
class PolicyEditKitTest {

    private static final AtomicInteger ROUTES = new AtomicInteger();

    static Stream<Arguments> everyAlgorithmOnEveryBackend() {
        return Stream.of(Backend.values()).flatMap(backend -> Stream.of(Algorithm.values()).map(a -> Arguments.of(backend, a)));
    }

    static Stream<Arguments> tokenBucketsOnEveryBackend() {
        return Stream.of(Backend.values()).flatMap(backend ->
                Stream.of(Algorithm.TOKEN_BUCKET, Algorithm.GCRA).map(a -> Arguments.of(backend, a)));
    }

    static Stream<Arguments> everySwitchOnEveryBackend() {
        return Stream.of(Backend.values()).flatMap(backend -> Stream.of(Algorithm.values()).flatMap(from ->
                Stream.of(Algorithm.values()).filter(to -> to != from).map(to -> Arguments.of(backend, from, to))));
    }

    /** A route of this test's own, its policy, and one client using it. */
    private static final class Case {
        final KitNode node;
        final Route route = Route.parse("GET /edit/" + ROUTES.incrementAndGet());
        final String client = KitNode.newClient();

        Case(Backend backend, Duration align, Algorithm algorithm, Limit... limits) {
            node = KitNode.on(backend);
            node.clock().alignTo(align);
            edit(algorithm, limits);
        }

        void edit(Algorithm algorithm, Limit... limits) {
            node.admin().setRoutePolicy(route, new Policy("p", algorithm, List.of(limits), FailureMode.ALLOW, false));
        }

        Decision request() {
            return node.check(client, route.toString());
        }

        void use(int requests) {
            for (int i = 0; i < requests; i++) {
                assertThat(request().outcome()).as("request %d before the edit", i + 1).isEqualTo(Outcome.ALLOWED);
            }
        }

        /** Waits as told, then asks again: the retry a denial announces must be honest. */
        Decision afterRetry(Decision denial) {
            node.clock().advanceMillis(denial.retryAfterMs());
            return request();
        }
    }

    private static Limit limit(long quota, Duration window) {
        return Limit.of(quota, window);
    }

    @ParameterizedTest(name = "{1} on {0}")
    @MethodSource("everyAlgorithmOnEveryBackend")
    void aRaisedQuotaAdmitsAtTheNextRequestCountingWhatWasUsed(Backend backend, Algorithm algorithm) {
        Case edit = new Case(backend, Duration.ofMinutes(1), algorithm, limit(10, Duration.ofMinutes(1)));
        edit.use(10);
        assertThat(edit.request().outcome()).isEqualTo(Outcome.DENIED);

        edit.edit(algorithm, limit(20, Duration.ofMinutes(1)));

        Decision next = edit.request();
        assertThat(next.outcome()).isEqualTo(Outcome.ALLOWED);
        assertThat(next.limits().get(0).remaining()).isEqualTo(9);
    }

    @ParameterizedTest(name = "{1} on {0}")
    @MethodSource("everyAlgorithmOnEveryBackend")
    void aLoweredQuotaHoldsFromTheNextRequestAndNoLongerThanTheNewPolicyCould(Backend backend, Algorithm algorithm) {
        Case edit = new Case(backend, Duration.ofMinutes(1), algorithm, limit(10, Duration.ofMinutes(1)));
        edit.use(8);

        edit.edit(algorithm, limit(5, Duration.ofMinutes(1)));

        Decision next = edit.request();
        assertThat(next.outcome()).isEqualTo(Outcome.DENIED);
        assertThat(next.retryAfterMs()).isBetween(1L, Edits.longestWait(algorithm, limit(5, Duration.ofMinutes(1))));
        assertThat(edit.afterRetry(next).outcome()).isEqualTo(Outcome.ALLOWED);
    }

    @ParameterizedTest(name = "{1} on {0}")
    @MethodSource("everyAlgorithmOnEveryBackend")
    void aLengthenedWindowHoldsFromTheNextRequest(Backend backend, Algorithm algorithm) {
        Case edit = new Case(backend, Duration.ofMinutes(1), algorithm, limit(10, Duration.ofMinutes(1)));
        edit.use(10);

        edit.edit(algorithm, limit(10, Duration.ofHours(1)));

        Decision next = edit.request();
        assertThat(next.outcome()).isEqualTo(Outcome.DENIED);
        assertThat(next.retryAfterMs()).isBetween(1L, Edits.longestWait(algorithm, limit(10, Duration.ofHours(1))));
        assertThat(edit.afterRetry(next).outcome()).isEqualTo(Outcome.ALLOWED);
    }

    /** The report that opened this table: 2 per day used up, raised to 100 per minute, still told to wait a day. */
    @ParameterizedTest(name = "{1} on {0}")
    @MethodSource("everyAlgorithmOnEveryBackend")
    void aShortenedWindowNeverHoldsLongerThanTheNewWindow(Backend backend, Algorithm algorithm) {
        Case edit = new Case(backend, Duration.ofDays(1), algorithm, limit(2, Duration.ofDays(1)));
        edit.use(2);
        assertThat(edit.request().retryAfterMs()).isGreaterThan(Duration.ofHours(1).toMillis());

        edit.edit(algorithm, limit(100, Duration.ofMinutes(1)));

        Decision next = edit.request();
        assertThat(next.outcome()).isEqualTo(Outcome.ALLOWED);
        assertThat(next.limits().get(0).remaining()).isEqualTo(97);
        assertThat(next.limits().get(0).resetMs()).isLessThanOrEqualTo(Edits.longestReset(algorithm, limit(100, Duration.ofMinutes(1))));
    }

    @ParameterizedTest(name = "{1} on {0}")
    @MethodSource("tokenBucketsOnEveryBackend")
    void aRaisedBurstAdmitsAtTheNextRequest(Backend backend, Algorithm algorithm) {
        Case edit = new Case(backend, Duration.ofMinutes(1), algorithm, new Limit(10, Duration.ofMinutes(1), 10));
        edit.use(10);

        edit.edit(algorithm, new Limit(10, Duration.ofMinutes(1), 20));

        Decision next = edit.request();
        assertThat(next.outcome()).isEqualTo(Outcome.ALLOWED);
        assertThat(next.limits().get(0).remaining()).isEqualTo(9);
    }

    @ParameterizedTest(name = "{1} on {0}")
    @MethodSource("tokenBucketsOnEveryBackend")
    void aLoweredBurstHoldsForOneRefillAtMost(Backend backend, Algorithm algorithm) {
        Case edit = new Case(backend, Duration.ofMinutes(1), algorithm, new Limit(10, Duration.ofMinutes(1), 10));
        edit.use(5);

        edit.edit(algorithm, new Limit(10, Duration.ofMinutes(1), 3));

        Decision next = edit.request();
        assertThat(next.outcome()).isEqualTo(Outcome.DENIED);
        assertThat(next.retryAfterMs()).isBetween(1L, Duration.ofSeconds(6).toMillis());
        assertThat(edit.afterRetry(next).outcome()).isEqualTo(Outcome.ALLOWED);
    }

    @ParameterizedTest(name = "{1} on {0}")
    @MethodSource("everyAlgorithmOnEveryBackend")
    void anAddedLimitCountsWhatTheClientAlreadyUsed(Backend backend, Algorithm algorithm) {
        Case edit = new Case(backend, Duration.ofMinutes(1), algorithm, limit(10, Duration.ofMinutes(1)));
        edit.use(10);

        edit.edit(algorithm, limit(10, Duration.ofMinutes(1)), limit(100, Duration.ofDays(1)));

        Decision next = edit.request();
        assertThat(next.outcome()).isEqualTo(Outcome.DENIED);
        assertThat(next.violated()).extracting(Decision.LimitState::name).containsExactly("p-1m");
        assertThat(next.limits().get(1).remaining()).isEqualTo(90);
    }

    @ParameterizedTest(name = "{1} on {0}")
    @MethodSource("everyAlgorithmOnEveryBackend")
    void aRemovedLimitNoLongerHolds(Backend backend, Algorithm algorithm) {
        Case edit = new Case(backend, Duration.ofMinutes(1), algorithm, limit(10, Duration.ofMinutes(1)),
                limit(100, Duration.ofDays(1)));
        edit.use(10);
        assertThat(edit.request().outcome()).isEqualTo(Outcome.DENIED);

        edit.edit(algorithm, limit(100, Duration.ofDays(1)));

        Decision next = edit.request();
        assertThat(next.outcome()).isEqualTo(Outcome.ALLOWED);
        assertThat(next.limits().get(0).remaining()).isEqualTo(89);
    }

    /** State belongs to a limit, not to its place: reordering 10/1s, 100/1d must not read one's count as the other's. */
    @ParameterizedTest(name = "{1} on {0}")
    @MethodSource("everyAlgorithmOnEveryBackend")
    void reorderedLimitsKeepTheirOwnState(Backend backend, Algorithm algorithm) {
        Case edit = new Case(backend, Duration.ofSeconds(1), algorithm, limit(10, Duration.ofSeconds(1)),
                limit(100, Duration.ofDays(1)));
        edit.use(10);

        edit.edit(algorithm, limit(100, Duration.ofDays(1)), limit(10, Duration.ofSeconds(1)));

        Decision next = edit.request();
        assertThat(next.outcome()).isEqualTo(Outcome.DENIED);
        assertThat(next.violated()).extracting(Decision.LimitState::name).containsExactly("p-1s");
        assertThat(next.retryAfterMs()).isBetween(1L, Edits.longestWait(algorithm, limit(10, Duration.ofSeconds(1))));
        Decision after = edit.afterRetry(next);
        assertThat(after.outcome()).isEqualTo(Outcome.ALLOWED);
        assertThat(after.limits().get(0).remaining()).isEqualTo(89);
    }

    @ParameterizedTest(name = "{1} to {2} on {0}")
    @MethodSource("everySwitchOnEveryBackend")
    void aSwitchedAlgorithmCarriesWhatWasUsed(Backend backend, Algorithm from, Algorithm to) {
        Case edit = new Case(backend, Duration.ofMinutes(1), from, limit(10, Duration.ofMinutes(1)));
        edit.use(8);

        edit.edit(to, limit(10, Duration.ofMinutes(1)));

        assertThat(edit.request().outcome()).isEqualTo(Outcome.ALLOWED);
        assertThat(edit.request().outcome()).isEqualTo(Outcome.ALLOWED);
        Decision third = edit.request();
        assertThat(third.outcome()).isEqualTo(Outcome.DENIED);
        assertThat(third.retryAfterMs()).isBetween(1L, Edits.longestWait(to, limit(10, Duration.ofMinutes(1))));
    }
}
