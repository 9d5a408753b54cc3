package io.ratelimiter.limiter.admin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.awaitility.Awaitility.await;

import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.micronaut.test.support.TestPropertyProvider;
import io.ratelimiter.limiter.LimiterTestNodes;
import io.ratelimiter.limiter.algorithm.RateLimitCheck;
import io.ratelimiter.limiter.policy.Algorithm;
import io.ratelimiter.limiter.policy.ClientRule;
import io.ratelimiter.limiter.policy.FailureMode;
import io.ratelimiter.limiter.policy.InvalidPolicyException;
import io.ratelimiter.limiter.policy.Limit;
import io.ratelimiter.limiter.policy.Policy;
import io.ratelimiter.limiter.policy.Route;
import io.ratelimiter.realservers.RealServers;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** The API the admin console is built on, against a real Redis. */
@MicronautTest(startApplication = false)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RateLimiterAdminTest implements TestPropertyProvider {

    @Inject
    RateLimiterAdmin admin;

    @Inject
    RateLimitCheck check;

    @Override
    public Map<String, String> getProperties() {
        return Map.of("redis.uri", RealServers.redis().uri(),
                "rate-limiter.key-prefix", LimiterTestNodes.uniquePrefix("admin"),
                "rate-limiter.default-policy.limits", "10/1m");
    }

    private void requests(String identity, int count) {
        for (int i = 0; i < count; i++) {
            check.check(identity, "GET /items/{id}").join();
        }
    }

    @Test
    void invalidValuesAreRefusedWithMessagesNamingTheField() {
        InvalidPolicyException negative = catchThrowableOfType(() -> new Limit(-1, Duration.ofSeconds(0), 0),
                InvalidPolicyException.class);
        assertThat(negative.violations()).extracting(InvalidPolicyException.Violation::field).containsExactly("quota", "window");
        assertThat(negative.getMessage()).contains("between 1 and 1000000000", "between 100 ms and 31 days");

        assertThatThrownBy(() -> Algorithm.fromName("leaky_bucket"))
                .hasMessageContaining("unknown algorithm 'leaky_bucket'; use one of sliding_log, sliding_window, fixed_window, token_bucket, gcra");
        assertThatThrownBy(() -> Policy.of("p", Algorithm.FIXED_WINDOW, new Limit(5, Duration.ofMinutes(1), 10)))
                .hasMessageContaining("a burst only applies to token_bucket and gcra");
        assertThatThrownBy(() -> new Policy("p", Algorithm.GCRA, List.of(Limit.of(1, Duration.ofMinutes(1)),
                Limit.of(2, Duration.ofMinutes(1))), FailureMode.ALLOW, false)).hasMessageContaining("cannot share the window");
        assertThatThrownBy(() -> Policy.of("has space", Algorithm.GCRA, Limit.of(1, Duration.ofMinutes(1))))
                .hasMessageContaining("name");
        assertThatThrownBy(() -> Limit.parse("ten per minute")).hasMessageContaining("write quota/window[/burst]");
        assertThatThrownBy(() -> Route.parse("FETCH /x")).hasMessageContaining("unknown HTTP method");
        assertThatThrownBy(() -> ClientRule.block("two words")).hasMessageContaining("without spaces");
        assertThat(Limit.parse("5/1s/20")).isEqualTo(new Limit(5, Duration.ofSeconds(1), 20));
        assertThat(Limit.parse("1000/1d").toString()).isEqualTo("1000/1d");
    }

    @Test
    void policiesAreStoredAndReadBackWhole() {
        Policy policy = new Policy("writes", Algorithm.TOKEN_BUCKET, List.of(new Limit(5, Duration.ofSeconds(1), 20),
                Limit.of(1000, Duration.ofDays(1))), FailureMode.DENY, true);
        Route route = Route.parse("POST /shorten");

        admin.setRoutePolicy(route, policy);
        admin.setRoutePolicy(Route.parse("GET /{code}"), Policy.of("reads", Algorithm.GCRA, Limit.of(100, Duration.ofSeconds(1))));

        assertThat(admin.routePolicy(route)).contains(policy);
        assertThat(admin.routePolicies()).extracting(r -> r.route().toString()).containsExactly("GET /{code}", "POST /shorten");
        assertThat(admin.deleteRoutePolicy(route)).isTrue();
        assertThat(admin.deleteRoutePolicy(route)).isFalse();
        assertThat(admin.routePolicy(route)).isEmpty();
    }

    @Test
    void theDefaultPolicyIsSeededFromConfigurationAndReplacedByAnEdit() {
        assertThat(admin.defaultPolicy()).get().extracting(Policy::limits).isEqualTo(List.of(Limit.of(10, Duration.ofMinutes(1))));
        Policy before = admin.defaultPolicy().orElseThrow();

        Policy edited = Policy.of("default", Algorithm.FIXED_WINDOW, Limit.of(3, Duration.ofMinutes(1)));
        admin.setDefaultPolicy(edited);
        try {
            assertThat(admin.defaultPolicy()).contains(edited);
        } finally {
            admin.setDefaultPolicy(before);
        }
    }

    @Test
    void clientRulesArePagedInIdentityOrder() {
        for (String identity : List.of("rule-e", "rule-a", "rule-c", "rule-b", "rule-d")) {
            admin.setClientRule(ClientRule.block("key:" + identity));
        }

        Page<ClientRule> first = admin.clientRules(0, 2);
        Page<ClientRule> last = admin.clientRules(2, 2);

        assertThat(first.items()).extracting(ClientRule::identity).containsExactly("key:rule-a", "key:rule-b");
        assertThat(first.hasNext()).isTrue();
        assertThat(last.items()).extracting(ClientRule::identity).containsExactly("key:rule-e");
        assertThat(last.hasNext()).isFalse();
        assertThat(admin.clientRule("key:rule-c")).contains(ClientRule.block("key:rule-c"));
    }

    @Test
    void windowsAreListedMostUsedFirstAndFoundByPrefix() {
        requests("10.20.0.1", 2);
        requests("10.20.0.2", 9);
        requests("10.20.0.3", 5);

        List<ClientWindow> top = admin.windows(WindowQuery.top(3)).items();
        assertThat(top).extracting(ClientWindow::identity).startsWith("10.20.0.2");

        Page<ClientWindow> found = admin.windows(WindowQuery.byPrefix("10.20.0.", 0, 2));
        assertThat(found.items()).extracting(ClientWindow::identity).containsExactly("10.20.0.1", "10.20.0.2");
        assertThat(found.hasNext()).isTrue();
        assertThat(admin.windows(WindowQuery.byPrefix("10.20.0.", 1, 2)).items()).extracting(ClientWindow::identity)
                .containsExactly("10.20.0.3");

        ClientWindow busiest = found.items().get(1);
        assertThat(busiest.scope()).isEqualTo("default");
        assertThat(busiest.policy()).isEqualTo("default");
        assertThat(busiest.used()).isEqualTo(9);
        assertThat(busiest.limit()).isEqualTo(10);
        assertThat(busiest.remaining()).isEqualTo(1);
        assertThat(busiest.window()).isEqualTo(Duration.ofMinutes(1));
        assertThat(busiest.lastSeen()).isBetween(Instant.now().minusSeconds(10), Instant.now().plusSeconds(10));
        assertThat(busiest.resetAt()).isAfter(busiest.lastSeen());
    }

    @Test
    void deniedRequestsAreCountedPerWindowAndAResetGivesAFullQuotaBack() {
        requests("10.30.0.1", 13);

        ClientWindow window = admin.windows(WindowQuery.byPrefix("10.30.0.1", 0, 10)).items().get(0);
        assertThat(window.denied()).isEqualTo(3);
        assertThat(window.remaining()).isZero();

        assertThat(admin.resetClient("10.30.0.1")).isEqualTo(1);

        assertThat(admin.windows(WindowQuery.byPrefix("10.30.0.1", 0, 10)).items()).isEmpty();
        assertThat(check.check("10.30.0.1", "GET /items/{id}").join().limits().get(0).remaining()).isEqualTo(9);
    }

    @Test
    void theOverviewCountsDecisionsPerSecond() {
        requests("10.40.0.1", 12);

        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
            TrafficOverview overview = admin.overview();
            assertThat(overview.seconds()).hasSize(10);
            assertThat(overview.seconds().stream().mapToLong(TrafficOverview.Second::allowed).sum()).isGreaterThanOrEqualTo(10);
            assertThat(overview.seconds().stream().mapToLong(TrafficOverview.Second::denied).sum()).isGreaterThanOrEqualTo(2);
            assertThat(overview.trackedWindows()).isPositive();
        });
    }
}
