package io.ratelimiter.admin.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.micronaut.test.support.TestPropertyProvider;
import io.ratelimiter.admin.ConsoleClient;
import io.ratelimiter.admin.TestConsole;
import io.ratelimiter.limiter.admin.RateLimiterAdmin;
import io.ratelimiter.limiter.policy.Route;
import io.ratelimiter.realservers.RealRedis;
import io.ratelimiter.realservers.RealServers;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import redis.clients.jedis.args.ClientPauseMode;

/** An operator saves a change while Redis cannot confirm it: the audit shows the attempt and what is known of it. */
@MicronautTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AuditOutcomeTest implements TestPropertyProvider {

    private final RealRedis redis = RealServers.newRedis();

    @Inject
    EmbeddedServer server;

    @Inject
    RateLimiterAdmin admin;

    @Override
    public Map<String, String> getProperties() {
        Map<String, String> properties = new HashMap<>(TestConsole.properties("console-outcome"));
        properties.put("redis.uri", redis.uri());
        return properties;
    }

    @AfterAll
    void stopRedis() {
        redis.close();
    }

    @Test
    void aRoutePolicySavedWhileRedisHoldsWritesForEightSecondsIsAuditedWithWhatIsKnown() {
        ConsoleClient operator = new ConsoleClient(server.getURI()).signedIn();
        operator.get("/policies/route");

        redis.call(jedis -> jedis.clientPause(8000, ClientPauseMode.WRITE));
        ConsoleClient.Response saved = operator.post("/policies/route", routePolicy("POST /paused", "3"));

        // Reading the value before it timed out (the limiter's reads are scripts, held like writes); the write that
        // followed was sent, held, and run when the pause ended.
        assertThat(saved.status()).isEqualTo(303);
        String audit = operator.get("/audit").body();
        assertThat(audit).contains("POST /paused").contains("unknown: Redis could not be read").contains(">applied<");
        assertThat(unknownOutcomes(audit)).doesNotContain("POST /paused");
        assertThat(admin.routePolicy(Route.parse("POST /paused"))).isPresent();
    }

    @Test
    void aWriteRedisHoldsPastTheConsolesWaitIsAuditedAsUnknownAndListedAsSuch() {
        ConsoleClient operator = new ConsoleClient(server.getURI()).signedIn();
        operator.get("/policies/route");

        redis.call(jedis -> jedis.clientPause(12_000, ClientPauseMode.WRITE));
        ConsoleClient.Response saved = operator.post("/policies/route", routePolicy("POST /held", "3"));

        assertThat(saved.status()).isEqualTo(503);
        assertThat(saved.body()).contains("it may or may not have been applied").doesNotContain("Nothing was changed");
        String audit = operator.get("/audit").body();
        assertThat(audit).contains(">unknown<").contains("did not answer");
        assertThat(unknownOutcomes(audit)).contains("POST /held");
        // Why "unknown" and not "failed": the write was sent, and Redis ran it once the pause ended.
        await().atMost(Duration.ofSeconds(15)).until(() -> admin.routePolicy(Route.parse("POST /held")).isPresent());
    }

    @Test
    void aChangeRedisRefusesIsAuditedAsFailed() {
        ConsoleClient operator = new ConsoleClient(server.getURI()).signedIn();
        operator.get("/policies/route");

        // The console's own keys (its sessions) stay writable; the limiter's are refused, as a Redis ACL would.
        redis.call(jedis -> jedis.aclSetUser("default", "resetkeys", "~console:*"));
        ConsoleClient.Response refused;
        try {
            refused = operator.post("/policies/route", routePolicy("POST /refused", "4"));
        } finally {
            redis.call(jedis -> jedis.aclSetUser("default", "allkeys"));
        }

        assertThat(refused.status()).isEqualTo(503);
        assertThat(refused.body()).contains("Nothing was changed");
        String audit = operator.get("/audit").body();
        assertThat(audit).contains("POST /refused").contains(">failed<").contains("NOPERM");
        assertThat(unknownOutcomes(audit)).doesNotContain("POST /refused");
        assertThat(admin.routePolicy(Route.parse("POST /refused"))).isEmpty();
    }

    /** The audit page's list of changes whose outcome is unknown, empty when there is none. */
    private static String unknownOutcomes(String audit) {
        int start = audit.indexOf("Changes whose outcome is unknown");
        return start < 0 ? "" : audit.substring(start, audit.indexOf("</section>", start));
    }

    private static Map<String, String> routePolicy(String route, String quota) {
        return Map.of("route", route, "name", "held", "algorithm", "fixed_window", "onRedisFailure", "allow",
                "quota0", quota, "window0", "1m");
    }
}
