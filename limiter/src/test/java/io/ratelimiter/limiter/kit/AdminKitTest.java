package io.ratelimiter.limiter.kit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.ratelimiter.limiter.admin.ClientWindow;
import io.ratelimiter.limiter.admin.Page;
import io.ratelimiter.limiter.admin.PolicyCopies;
import io.ratelimiter.limiter.admin.RateLimiterAdmin;
import io.ratelimiter.limiter.admin.RoutePolicy;
import io.ratelimiter.limiter.admin.TrafficOverview;
import io.ratelimiter.limiter.admin.WindowQuery;
import io.ratelimiter.limiter.Decision.Outcome;
import io.ratelimiter.limiter.policy.Algorithm;
import io.ratelimiter.limiter.policy.ClientRule;
import io.ratelimiter.limiter.policy.FailureMode;
import io.ratelimiter.limiter.policy.Limit;
import io.ratelimiter.limiter.policy.Policy;
import io.ratelimiter.limiter.internal.policy.PolicyCodec;
import io.ratelimiter.limiter.policy.Route;
import io.ratelimiter.limiter.internal.traffic.TrafficRecorder;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The admin API the console is built on, and the policy copies it keeps converged, on every backend. */
class AdminKitTest {

    private static final AtomicInteger NAMES = new AtomicInteger();

    private static String unique(String what) {
        return what + NAMES.incrementAndGet();
    }

    /** A node with a key space of its own, for tests that break its policies or count all its windows. */
    private static KitNode own(Backend backend, Map<String, Object> properties) {
        return KitNode.start(backend.shared().properties(), unique("admin-"), properties);
    }

    @ParameterizedTest(name = "on {0}")
    @EnumSource(Backend.class)
    void policiesAreStoredAndReadBackWhole(Backend backend) {
        RateLimiterAdmin admin = KitNode.on(backend).admin();
        Policy policy = new Policy("writes", Algorithm.TOKEN_BUCKET, List.of(new Limit(5, Duration.ofSeconds(1), 20),
                Limit.of(1000, Duration.ofDays(1))), FailureMode.DENY, true, Duration.ofSeconds(2));
        Route route = Route.parse("POST /" + unique("stored"));

        admin.setRoutePolicy(route, policy);

        assertThat(admin.routePolicy(route)).contains(policy);
        assertThat(admin.routePolicies()).contains(new RoutePolicy(route, policy));
        assertThat(admin.deleteRoutePolicy(route)).isTrue();
        assertThat(admin.deleteRoutePolicy(route)).isFalse();
        assertThat(admin.routePolicy(route)).isEmpty();
        assertThat(admin.routePolicies()).extracting(RoutePolicy::route).doesNotContain(route);
    }

    @ParameterizedTest(name = "on {0}")
    @EnumSource(Backend.class)
    void anEditLandsOnEveryCopyBeforeTheCallReturns(Backend backend) {
        RateLimiterAdmin admin = KitNode.on(backend).admin();

        admin.setRoutePolicy(Route.parse("GET /" + unique("landed")), Policy.of("landed", Algorithm.GCRA,
                Limit.of(5, Duration.ofMinutes(1))));

        PolicyCopies copies = admin.policyCopies();
        assertThat(copies.copies()).isEqualTo(backend == Backend.CLUSTER ? 64 : 1);
        assertThat(copies.converged()).isTrue();
    }

    /** A seeded route policy an operator deleted stays deleted when a node with that configuration starts again. */
    @ParameterizedTest(name = "on {0}")
    @EnumSource(Backend.class)
    void seedingNeverUndoesAnOperatorsEditOrDeletion(Backend backend) {
        Map<String, Object> configured = Map.of(
                "rate-limiter.routes.seeded.route", "GET /seeded",
                "rate-limiter.routes.seeded.limits", "5/1m",
                "rate-limiter.default-policy.limits", "7/1m");
        try (KitNode first = own(backend, configured)) {
            await().atMost(Duration.ofSeconds(10)).until(() -> first.admin().routePolicy(Route.parse("GET /seeded")).isPresent());
            Policy edited = Policy.of("default", Algorithm.SLIDING_LOG, Limit.of(3, Duration.ofMinutes(1)));
            first.admin().setDefaultPolicy(edited);
            assertThat(first.admin().deleteRoutePolicy(Route.parse("GET /seeded"))).isTrue();

            Map<String, Object> restart = new java.util.HashMap<>(configured);
            restart.put("rate-limiter.key-prefix", first.keys().policySource().split(":")[0]);
            try (KitNode again = KitNode.start(backend.shared().properties(), "seed-again", restart)) {
                await().atMost(Duration.ofSeconds(10)).until(() -> again.sync().ready());

                assertThat(again.admin().routePolicy(Route.parse("GET /seeded"))).isEmpty();
                assertThat(again.admin().defaultPolicy()).contains(edited);
            }
        }
    }

    /** A copy that missed an edit (its master failed mid-edit, say) is found and brought up to date by itself. */
    @ParameterizedTest(name = "on {0}")
    @EnumSource(Backend.class)
    void aCopyThatMissedAnEditIsRepairedWithinSeconds(Backend backend) {
        try (KitNode node = own(backend, Map.of())) {
            Route route = Route.parse("GET /repaired");
            Policy before = Policy.of("before", Algorithm.FIXED_WINDOW, Limit.of(100, Duration.ofMinutes(1)));
            Policy after = Policy.of("after", Algorithm.FIXED_WINDOW, Limit.of(1, Duration.ofMinutes(1)));
            node.admin().setRoutePolicy(route, before);
            node.admin().setRoutePolicy(route, after);
            String client = KitNode.newClient();
            int bucket = node.keys().bucketOf(client);
            long version = node.admin().policyCopies().version();
            // As if the last write never reached this bucket's copy.
            node.redis().hset(node.keys().policyCopy(bucket), Map.of("route:" + route, PolicyCodec.encode(before),
                    "~v", Long.toString(version - 1)));
            assertThat(node.admin().policyCopies().converged()).isFalse();

            await().atMost(Duration.ofSeconds(10)).until(() -> node.admin().policyCopies().converged());
            assertThat(node.check(client, route.toString()).policy()).isEqualTo("after");
        }
    }

    @ParameterizedTest(name = "on {0}")
    @EnumSource(Backend.class)
    void aCopyThatLostItsKeysIsRepairedFromTheSourceNotFromConfiguration(Backend backend) {
        try (KitNode node = own(backend, Map.of("rate-limiter.default-policy.limits", "50/1m"))) {
            await().atMost(Duration.ofSeconds(10)).until(() -> node.admin().defaultPolicy().isPresent());
            node.admin().setDefaultPolicy(Policy.of("default", Algorithm.GCRA, Limit.of(2, Duration.ofMinutes(1))));
            String client = KitNode.newClient();

            node.redis().del(node.keys().policyCopy(node.keys().bucketOf(client)));

            await().atMost(Duration.ofSeconds(10)).until(() -> node.admin().policyCopies().converged());
            assertThat(node.check(client).limits().get(0).quota()).isEqualTo(2);
        }
    }

    @ParameterizedTest(name = "on {0}")
    @EnumSource(Backend.class)
    void aSourceThatLostItsDataIsRestoredFromTheNewestCopy(Backend backend) {
        try (KitNode node = own(backend, Map.of())) {
            Route route = Route.parse("GET /kept");
            Policy edit = Policy.of("kept", Algorithm.SLIDING_WINDOW, Limit.of(4, Duration.ofMinutes(1)));
            node.admin().setRoutePolicy(route, edit);
            long version = node.admin().policyCopies().version();

            node.redis().del(node.keys().policySource());

            await().atMost(Duration.ofSeconds(10)).until(() -> node.admin().routePolicy(route).isPresent());
            assertThat(node.admin().routePolicy(route)).contains(edit);
            assertThat(node.admin().policyCopies().version()).isGreaterThanOrEqualTo(version);
        }
    }

    @ParameterizedTest(name = "on {0}")
    @EnumSource(Backend.class)
    void clientRulesArePagedInIdentityOrder(Backend backend) {
        try (KitNode node = own(backend, Map.of())) {
            for (String name : List.of("rule-e", "rule-a", "rule-c", "rule-b", "rule-d")) {
                node.admin().setClientRule(ClientRule.block("user:" + name));
            }

            Page<ClientRule> first = node.admin().clientRules(0, 2);
            Page<ClientRule> last = node.admin().clientRules(2, 2);

            assertThat(first.items()).extracting(ClientRule::identity).containsExactly("user:rule-a", "user:rule-b");
            assertThat(first.hasNext()).isTrue();
            assertThat(last.items()).extracting(ClientRule::identity).containsExactly("user:rule-e");
            assertThat(last.hasNext()).isFalse();
            assertThat(node.admin().clientRule("user:rule-c")).contains(ClientRule.block("user:rule-c"));
        }
    }

    @ParameterizedTest(name = "on {0}")
    @EnumSource(Backend.class)
    void windowsAreListedMostUsedFirstByRecencyAndByPrefix(Backend backend) {
        try (KitNode node = own(backend, Map.of("rate-limiter.default-policy.limits", "10/1m"))) {
            await().atMost(Duration.ofSeconds(10)).until(() -> node.admin().defaultPolicy().isPresent());
            node.clock().alignTo(Duration.ofMinutes(1));
            for (int i = 0; i < 2; i++) {
                node.check("10.20.0.1");
            }
            for (int i = 0; i < 9; i++) {
                node.check("10.20.0.2");
            }
            for (int i = 0; i < 6; i++) {
                node.check("10.20.0.3");
            }

            assertThat(node.admin().windows(WindowQuery.top(10)).items()).extracting(ClientWindow::identity)
                    .containsExactly("10.20.0.2", "10.20.0.3");
            Page<ClientWindow> found = node.admin().windows(WindowQuery.byPrefix("10.20.0.", 0, 2));
            assertThat(found.items()).extracting(ClientWindow::identity).containsExactly("10.20.0.1", "10.20.0.2");
            assertThat(found.hasNext()).isTrue();
            assertThat(node.admin().windows(WindowQuery.byPrefix("10.20.0.", 1, 2)).items())
                    .extracting(ClientWindow::identity).containsExactly("10.20.0.3");
            assertThat(node.admin().windows(WindowQuery.byPrefix("10.20.0.", 1, 2)).hasNext()).isFalse();

            ClientWindow busiest = found.items().get(1);
            assertThat(busiest.scope()).isEqualTo("default");
            assertThat(busiest.policy()).isEqualTo("default");
            assertThat(busiest.algorithm()).isEqualTo(Algorithm.FIXED_WINDOW);
            assertThat(busiest.used()).isEqualTo(9);
            assertThat(busiest.limit()).isEqualTo(10);
            assertThat(busiest.remaining()).isEqualTo(1);
            assertThat(busiest.window()).isEqualTo(Duration.ofMinutes(1));
            assertThat(busiest.resetAt()).isAfter(busiest.lastSeen());
        }
    }

    @ParameterizedTest(name = "on {0}")
    @EnumSource(Backend.class)
    void deniedRequestsAreCountedPerWindowAndAResetGivesAFullQuotaBack(Backend backend) {
        KitNode node = KitNode.on(backend);
        String client = node.clientWith(Policy.of("p", Algorithm.FIXED_WINDOW, Limit.of(10, Duration.ofHours(1))));
        for (int i = 0; i < 13; i++) {
            node.check(client);
        }
        node.context().getBean(TrafficRecorder.class).flush();

        ClientWindow window = node.admin().windows(WindowQuery.byPrefix(client, 0, 10)).items().get(0);
        assertThat(window.denied()).isEqualTo(3);
        assertThat(window.remaining()).isZero();

        assertThat(node.admin().resetClient(client)).isEqualTo(1);

        assertThat(node.admin().windows(WindowQuery.byPrefix(client, 0, 10)).items()).isEmpty();
        assertThat(node.check(client).limits().get(0).remaining()).isEqualTo(9);
    }

    @ParameterizedTest(name = "on {0}")
    @EnumSource(Backend.class)
    void theOverviewCountsEveryDecisionOfTheLastSeconds(Backend backend) {
        try (KitNode node = own(backend, Map.of("rate-limiter.default-policy.limits", "10/1m"))) {
            await().atMost(Duration.ofSeconds(10)).until(() -> node.admin().defaultPolicy().isPresent());
            node.clock().alignTo(Duration.ofMinutes(1));
            for (int i = 0; i < 12; i++) {
                node.check("10.40.0.1");
            }
            node.context().getBean(TrafficRecorder.class).flush();
            node.clock().advance(Duration.ofSeconds(1));

            TrafficOverview overview = node.admin().overview(5);
            assertThat(overview.seconds()).hasSize(5);
            assertThat(overview.seconds().stream().mapToLong(TrafficOverview.Second::allowed).sum()).isEqualTo(10);
            assertThat(overview.seconds().stream().mapToLong(TrafficOverview.Second::denied).sum()).isEqualTo(2);
            assertThat(overview.trackedWindows()).isEqualTo(1);
        }
    }

    /**
     * Cleanup goes by the expiry index, which holds whole seconds and is written only when a window's expiry passes
     * into a later second: a window whose expiry moved later within its second is still live, and cleanup keeps it
     * (its use still counts) until its state has expired, then removes it.
     */
    @ParameterizedTest(name = "on {0}")
    @EnumSource(Backend.class)
    void cleanupKeepsAWindowUntilItsStateHasExpired(Backend backend) {
        try (KitNode node = own(backend, Map.of("rate-limiter.default-policy.algorithm", "gcra",
                "rate-limiter.default-policy.limits", "100/10s"))) {
            await().atMost(Duration.ofSeconds(10)).until(() -> node.admin().defaultPolicy().isPresent());
            TrafficRecorder housekeeping = node.context().getBean(TrafficRecorder.class);
            String client = "10.60.0.1";
            node.clock().alignTo(Duration.ofSeconds(1));
            node.clock().advanceMillis(49);
            // 50 ms into a second: each request owes 100 ms, so the first ends at 150 ms and the ninth at 950 ms, all
            // within the second the index was first written for.
            for (int i = 0; i < 9; i++) {
                node.check(client);
            }

            node.clock().advanceMillis(880); // 930 ms: 20 ms before the state expires
            housekeeping.flush();
            assertThat(node.admin().overview(1).trackedWindows()).isEqualTo(1);
            // 20 ms still owed and this request's 100: 98 left. Had cleanup dropped the state, 99.
            assertThat(node.check(client).limits().get(0).remaining()).isEqualTo(98);

            // The tenth request's debt runs out at 1,050 ms; the index, in whole seconds, holds it until 2 s.
            node.clock().advanceMillis(1100); // 2,030 ms
            housekeeping.flush();
            assertThat(node.admin().overview(1).trackedWindows()).isZero();
            assertThat(node.check(client).limits().get(0).remaining()).isEqualTo(99);
        }
    }

    /** A flood of one-request clients: counted as they are, paged without an empty page, gone once expired. */
    @ParameterizedTest(name = "on {0}")
    @EnumSource(Backend.class)
    void manyOneRequestClientsAreCountedAndPagedAsTheyAreUntilTheyExpire(Backend backend) {
        try (KitNode node = own(backend, Map.of("rate-limiter.default-policy.limits", "10/10s"))) {
            await().atMost(Duration.ofSeconds(10)).until(() -> node.admin().defaultPolicy().isPresent());
            for (int i = 0; i < 250; i++) {
                node.check("10.50." + (i / 200) + "." + (i % 200));
            }

            assertThat(node.admin().overview(1).trackedWindows()).isEqualTo(250);
            List<String> seen = new ArrayList<>();
            Page<ClientWindow> page = null;
            for (int p = 0; page == null || page.hasNext(); p++) {
                page = node.admin().windows(new WindowQuery(WindowQuery.Order.RECENTLY_SEEN, null, p, 100));
                assertThat(page.items()).as("page %d", p).isNotEmpty();
                page.items().forEach(window -> seen.add(window.identity()));
            }
            assertThat(seen).hasSize(250).doesNotHaveDuplicates();

            node.clock().advance(Duration.ofSeconds(12));
            node.context().getBean(TrafficRecorder.class).flush();

            assertThat(node.admin().overview(1).trackedWindows()).isZero();
            Page<ClientWindow> none = node.admin().windows(new WindowQuery(WindowQuery.Order.RECENTLY_SEEN, null, 0, 100));
            assertThat(none.items()).isEmpty();
            assertThat(none.hasNext()).isFalse();
            assertThat(node.check("10.50.0.1").outcome()).isEqualTo(Outcome.ALLOWED);
        }
    }
}
