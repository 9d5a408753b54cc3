package io.ratelimiter.admin.policies;

import static org.assertj.core.api.Assertions.assertThat;

import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.micronaut.test.support.TestPropertyProvider;
import io.ratelimiter.admin.ConsoleClient;
import io.ratelimiter.admin.ShortenerNode;
import io.ratelimiter.admin.TestConsole;
import io.ratelimiter.limiter.admin.RateLimiterAdmin;
import io.ratelimiter.limiter.policy.Algorithm;
import io.ratelimiter.limiter.policy.ClientRule;
import io.ratelimiter.limiter.policy.Limit;
import io.ratelimiter.limiter.policy.Policy;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

@MicronautTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ClientsTest implements TestPropertyProvider {

    @Inject
    EmbeddedServer server;

    @Inject
    RateLimiterAdmin admin;

    private final ShortenerNode node = ShortenerNode.shared();

    @Override
    public Map<String, String> getProperties() {
        return TestConsole.properties(ShortenerNode.KEY_PREFIX);
    }

    private ConsoleClient operator() {
        return new ConsoleClient(server.getURI()).signedIn();
    }

    @Test
    void aBlockedClientIsRefusedByTheNodeAndAllowedAgainAfterwards() {
        ConsoleClient operator = operator();

        ConsoleClient.Response blocked = operator.post("/clients/block", Map.of("identity", "203.0.113.21"));

        assertThat(blocked.status()).isEqualTo(303);
        assertThat(blocked.location()).isEqualTo("/clients/view?identity=203.0.113.21");
        assertThat(admin.clientRule("203.0.113.21")).contains(ClientRule.block("203.0.113.21"));
        assertThat(node.shortenAs("203.0.113.21")).isEqualTo(403);

        operator.post("/clients/allow", Map.of("identity", "203.0.113.21"));

        assertThat(admin.clientRule("203.0.113.21")).contains(ClientRule.allow("203.0.113.21"));
        assertThat(node.shortenAs("203.0.113.21")).isEqualTo(200);
        assertThat(operator.get("/clients").body()).contains("203.0.113.21").contains("always allow");
    }

    @Test
    void aClientGetsALimitOfItsOwnFromTheForm() {
        Map<String, String> form = new HashMap<>(Map.of("identity", "203.0.113.22", "mode", "limit",
                "name", "slow-client", "algorithm", "fixed_window", "onRedisFailure", "allow",
                "quota0", "2", "window0", "5m"));

        ConsoleClient.Response saved = operator().post("/clients/rule", form);

        assertThat(saved.status()).isEqualTo(303);
        assertThat(admin.clientRule("203.0.113.22")).contains(ClientRule.limit("203.0.113.22",
                Policy.of("slow-client", Algorithm.FIXED_WINDOW, Limit.of(2, Duration.ofMinutes(5)))));
        assertThat(node.shortenAs("203.0.113.22")).isEqualTo(200);
        assertThat(node.shortenAs("203.0.113.22")).isEqualTo(200);
        assertThat(node.shortenAs("203.0.113.22")).isEqualTo(429);
    }

    @Test
    void anInvalidClientLimitIsRefusedOnTheClientsPage() {
        Map<String, String> form = new HashMap<>(Map.of("identity", "203.0.113.23", "mode", "limit",
                "name", "bad", "algorithm", "fixed_window", "onRedisFailure", "allow",
                "quota0", "2", "window0", "5m", "burst0", "9"));

        ConsoleClient.Response refused = operator().post("/clients/rule", form);

        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.body()).contains("a burst only applies to token_bucket and gcra");
        assertThat(admin.clientRule("203.0.113.23")).isEmpty();
    }

    @Test
    void anIdentityWithSpacesIsRefused() {
        ConsoleClient.Response refused = operator().post("/clients/block", Map.of("identity", "not an address"));

        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.body()).contains("identity: a client is an IP address");
    }

    @Test
    void deletingARuleLetsRouteAndDefaultPoliciesApplyAgain() {
        admin.block("203.0.113.24");
        ConsoleClient operator = operator();

        ConsoleClient.Response deleted = operator.post("/clients/delete", Map.of("identity", "203.0.113.24"));

        assertThat(deleted.status()).isEqualTo(303);
        assertThat(admin.clientRule("203.0.113.24")).isEmpty();
        assertThat(operator.get("/clients/view?identity=203.0.113.24").body()).contains("Deleted the rule of 203.0.113.24");
    }

    @Test
    void resettingAClientForgetsItsWindowsAndRecordsWhatTheyHeld() {
        for (int i = 0; i < 3; i++) {
            node.shortenAs("203.0.113.25");
        }
        ConsoleClient operator = operator();
        assertThat(operator.get("/clients/view?identity=203.0.113.25").body()).contains("<td class=\"num used\">3</td>");

        ConsoleClient.Response reset = operator.post("/clients/reset", Map.of("identity", "203.0.113.25"));

        assertThat(reset.status()).isEqualTo(303);
        String page = operator.get("/clients/view?identity=203.0.113.25").body();
        assertThat(page).contains("1 window(s) forgotten").contains("No window in Redis");
        assertThat(operator.get("/audit").body()).contains("reset client windows")
                .contains("default (default): 3/100 used");
    }

    @Test
    void aClientActionWithoutTheCsrfTokenIsRefused() {
        ConsoleClient.Response refused = operator().postWithoutToken("/clients/block",
                Map.of("identity", "203.0.113.26"));

        assertThat(refused.status()).isEqualTo(403);
        assertThat(admin.clientRule("203.0.113.26")).isEmpty();
    }
}
