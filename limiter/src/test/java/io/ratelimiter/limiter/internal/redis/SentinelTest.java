package io.ratelimiter.limiter.internal.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.micronaut.context.ApplicationContext;
import io.ratelimiter.limiter.LimiterTestNodes;
import io.ratelimiter.limiter.Decision;
import io.ratelimiter.limiter.Decision.Outcome;
import io.ratelimiter.limiter.internal.failure.ResilientCheck;
import io.ratelimiter.realservers.RealRedisSentinel;
import io.ratelimiter.realservers.RealServers;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * A node configured with a Sentinel URI, as micronaut-redis takes it: limits hold on the master the Sentinel names,
 * and when that master stops and the Sentinel promotes its replica, the node follows by itself, no restart.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SentinelTest {

    private static final String ROUTE = "GET /items/{id}";

    private RealRedisSentinel sentinel;
    private ApplicationContext node;
    private ResilientCheck check;

    @BeforeAll
    void start() {
        sentinel = RealServers.newRedisSentinel();
        node = ApplicationContext.run(Map.of(
                "redis.uri", sentinel.uri(),
                "rate-limiter.key-prefix", LimiterTestNodes.uniquePrefix("sentinel"),
                "rate-limiter.timeout", "2s",
                "rate-limiter.default-policy.algorithm", "fixed_window",
                "rate-limiter.default-policy.limits", "3/1h"));
        check = node.getBean(ResilientCheck.class);
    }

    @AfterAll
    void stop() {
        node.close();
        sentinel.close();
    }

    @Test
    void theLimitHoldsAndTheNodeFollowsAFailover() {
        assertThat(outcomes("198.51.100.1", 4)).containsExactly(Outcome.ALLOWED, Outcome.ALLOWED, Outcome.ALLOWED, Outcome.DENIED);

        sentinel.stopFirstMaster();
        sentinel.awaitMaster(sentinel.replicaPort(), Duration.ofSeconds(30));

        // Checks may fail open while the node reconnects; once one is decided by Redis again, it is the new master's.
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100))
                .until(() -> decide("198.51.100.2").outcome() == Outcome.ALLOWED);
        assertThat(outcomes("198.51.100.2", 3)).containsExactly(Outcome.ALLOWED, Outcome.ALLOWED, Outcome.DENIED);
        assertThat(sentinel.masterPort()).isNotEqualTo(sentinel.firstMasterPort());
    }

    private List<Outcome> outcomes(String client, int requests) {
        return IntStream.range(0, requests).mapToObj(i -> decide(client).outcome()).toList();
    }

    private Decision decide(String client) {
        return check.check(client, ROUTE).join();
    }
}
