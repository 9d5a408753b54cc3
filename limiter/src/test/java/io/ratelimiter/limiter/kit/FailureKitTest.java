package io.ratelimiter.limiter.kit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.MeterRegistry;
import io.ratelimiter.limiter.Decision.Outcome;
import io.ratelimiter.limiter.policy.Algorithm;
import io.ratelimiter.limiter.policy.ClientRule;
import io.ratelimiter.limiter.policy.FailureMode;
import io.ratelimiter.limiter.policy.Limit;
import io.ratelimiter.limiter.policy.Policy;
import io.ratelimiter.realservers.RealRedis;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import redis.clients.jedis.args.ClientPauseMode;

/**
 * Redis away, and a node that is only slow, told apart on every backend, each with servers of its own to stop. Fail
 * open (or closed) means Redis is away; a node too busy to hear Redis in time sheds instead, so nobody gets past a
 * limit on the back of the node's own flood.
 */
class FailureKitTest {

    private static final String SENSITIVE = "GET /sensitive";

    private static Map<String, Object> configuration() {
        Map<String, Object> properties = new HashMap<>();
        properties.put("test.manual-clock", "false");
        properties.put("redis.timeout", "2s");
        properties.put("rate-limiter.timeout", "100ms");
        properties.put("rate-limiter.shedding.max-wait", "600ms");
        properties.put("rate-limiter.breaker.failure-threshold", "3");
        properties.put("rate-limiter.breaker.cool-down", "300ms");
        properties.put("rate-limiter.routes.sensitive.route", SENSITIVE);
        properties.put("rate-limiter.routes.sensitive.on-redis-failure", "deny");
        return properties;
    }

    private static void warm(KitNode node) {
        await().atMost(Duration.ofSeconds(20)).until(() -> node.sync().ready());
        for (int i = 0; i < 150; i++) {
            assertThat(node.check("192.0.2.1", "GET /warm-up").outcome()).isEqualTo(Outcome.ALLOWED);
        }
    }

    /**
     * A client rule's failure mode is that client's, never the route's: a client whose own rule fails open does not
     * open a fail-closed route for everyone, and one whose rule fails closed does not close an open one.
     */
    @ParameterizedTest(name = "on {0}")
    @EnumSource(Backend.class)
    void failureModesFollowThePolicyThatAppliesThroughARealOutage(Backend backend) {
        try (Backend.Servers servers = backend.owned();
             KitNode node = KitNode.start(servers.properties(), "failure-modes", configuration())) {
            warm(node);
            String openRule = "192.0.2.10";
            String closedRule = "192.0.2.11";
            node.admin().setClientRule(ClientRule.limit(openRule, new Policy("vip", Algorithm.GCRA,
                    List.of(Limit.of(100, Duration.ofMinutes(1))), FailureMode.ALLOW, false)));
            node.admin().setClientRule(ClientRule.limit(closedRule, new Policy("strict", Algorithm.GCRA,
                    List.of(Limit.of(100, Duration.ofMinutes(1))), FailureMode.DENY, false)));
            for (String client : List.of(openRule, closedRule, "192.0.2.12")) {
                assertThat(node.check(client, SENSITIVE).outcome()).isEqualTo(Outcome.ALLOWED);
                assertThat(node.check(client, KitNode.ROUTE).outcome()).isEqualTo(Outcome.ALLOWED);
            }

            servers.dataServers().forEach(RealRedis::stop);

            assertThat(node.check("192.0.2.12", SENSITIVE).outcome()).isEqualTo(Outcome.FAILED_CLOSED);
            assertThat(node.check("192.0.2.13", SENSITIVE).outcome()).isEqualTo(Outcome.FAILED_CLOSED);
            assertThat(node.check(openRule, SENSITIVE).outcome()).isEqualTo(Outcome.FAILED_OPEN);
            assertThat(node.check("192.0.2.12", KitNode.ROUTE).outcome()).isEqualTo(Outcome.FAILED_OPEN);
            assertThat(node.check(closedRule, KitNode.ROUTE).outcome()).isEqualTo(Outcome.FAILED_CLOSED);

            servers.dataServers().forEach(RealRedis::start);

            await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200))
                    .until(() -> node.check("192.0.2.14", SENSITIVE).outcome() == Outcome.ALLOWED);
        }
    }

    /** Redis that answers nothing at all (every client paused) while the node is on time: Redis is away. */
    @ParameterizedTest(name = "on {0}")
    @EnumSource(Backend.class)
    void aStalledRedisFailsOpenOnAWarmNode(Backend backend) {
        try (Backend.Servers servers = backend.owned();
             KitNode node = KitNode.start(servers.properties(), "stalled", configuration())) {
            warm(node);

            pause(servers, 1500);

            assertThat(node.check("192.0.2.20", KitNode.ROUTE).outcome()).isEqualTo(Outcome.FAILED_OPEN);
            assertThat(node.check("192.0.2.20", SENSITIVE).outcome()).isEqualTo(Outcome.FAILED_CLOSED);
        }
    }

    /** The node, not Redis, is behind: its checks wait and then shed; none is let through unchecked. */
    @ParameterizedTest(name = "on {0}")
    @EnumSource(Backend.class)
    void aBusyNodeShedsInsteadOfFailingOpen(Backend backend) {
        try (Backend.Servers servers = backend.owned();
             KitNode node = KitNode.start(servers.properties(), "busy", configuration())) {
            warm(node);
            MeterRegistry meters = node.context().getBean(MeterRegistry.class);
            double failedOpenBefore = meters.counter("ratelimiter.fail.open").count();

            try (EventLoops held = EventLoops.hold(node.context())) {
                assertThat(node.check("192.0.2.30", KitNode.ROUTE).outcome()).isEqualTo(Outcome.SHED);
            }

            assertThat(meters.counter("ratelimiter.fail.open").count()).isEqualTo(failedOpenBefore);
            assertThat(meters.counter("ratelimiter.shed").count()).isGreaterThanOrEqualTo(1);
            assertThat(node.check("192.0.2.30", KitNode.ROUTE).outcome()).isEqualTo(Outcome.ALLOWED);
        }
    }

    /** A node that has hardly heard Redis yet cannot tell a slow start from an absent Redis: it sheds. */
    @ParameterizedTest(name = "on {0}")
    @EnumSource(Backend.class)
    void aColdNodeShedsInsteadOfFailingOpen(Backend backend) {
        try (Backend.Servers servers = backend.owned();
             KitNode node = KitNode.start(servers.properties(), "cold", configuration())) {
            await().atMost(Duration.ofSeconds(20)).until(() -> node.sync().ready());

            pause(servers, 1500);

            assertThat(node.check("192.0.2.40", KitNode.ROUTE).outcome()).isEqualTo(Outcome.SHED);
        }
    }

    private static void pause(Backend.Servers servers, long millis) {
        for (RealRedis server : servers.dataServers()) {
            server.call(jedis -> jedis.clientPause(millis, ClientPauseMode.ALL));
        }
    }
}
