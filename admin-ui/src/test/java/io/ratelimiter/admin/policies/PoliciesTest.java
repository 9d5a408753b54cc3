package io.ratelimiter.admin.policies;

import static org.assertj.core.api.Assertions.assertThat;

import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.micronaut.test.support.TestPropertyProvider;
import io.ratelimiter.admin.ConsoleClient;
import io.ratelimiter.admin.TestConsole;
import io.ratelimiter.limiter.admin.RateLimiterAdmin;
import io.ratelimiter.limiter.policy.Algorithm;
import io.ratelimiter.limiter.policy.FailureMode;
import io.ratelimiter.limiter.policy.Limit;
import io.ratelimiter.limiter.policy.Policy;
import io.ratelimiter.limiter.policy.Route;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

@MicronautTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PoliciesTest implements TestPropertyProvider {

    private static final Policy SEEDED = Policy.of("default", Algorithm.SLIDING_WINDOW, Limit.of(100, Duration.ofMinutes(1)));

    @Inject
    EmbeddedServer server;

    @Inject
    RateLimiterAdmin admin;

    @Override
    public Map<String, String> getProperties() {
        return TestConsole.properties("console-policies");
    }

    @BeforeEach
    void seedTheDefaultPolicy() {
        admin.setDefaultPolicy(SEEDED);
    }

    private ConsoleClient operator() {
        return new ConsoleClient(server.getURI()).signedIn();
    }

    private static Map<String, String> policyForm(String name, String algorithm, String quota, String window) {
        Map<String, String> form = new HashMap<>();
        form.put("name", name);
        form.put("algorithm", algorithm);
        form.put("onRedisFailure", "allow");
        form.put("quota0", quota);
        form.put("window0", window);
        return form;
    }

    @Test
    void thePoliciesPageShowsTheDefaultAndEveryRoutePolicy() {
        admin.setRoutePolicy(Route.parse("GET /{code}"),
                Policy.of("redirects", Algorithm.GCRA, new Limit(50, Duration.ofSeconds(1), 100)));

        ConsoleClient.Response page = operator().get("/policies");

        assertThat(page.status()).isEqualTo(200);
        assertThat(page.body()).contains("default: sliding_window 100/1m, fails open")
                .contains("GET /{code}").contains("redirects: gcra 50/1s/100, fails open")
                .contains("/policies/route?route=GET+%2F%7Bcode%7D");
    }

    @Test
    void theDefaultPolicyFormShowsTheStoredValues() {
        ConsoleClient.Response form = operator().get("/policies/default");

        assertThat(form.status()).isEqualTo(200);
        assertThat(form.body()).contains("name=\"name\" value=\"default\"").contains("name=\"quota0\" value=\"100\"")
                .contains("name=\"window0\" value=\"1m\"").contains("<option value=\"sliding_window\" selected");
    }

    @Test
    void savingTheDefaultPolicyStoresItAndRecordsTheChange() {
        ConsoleClient operator = operator();
        Map<String, String> form = policyForm("default", "token_bucket", "20", "10s");
        form.put("burst0", "40");
        form.put("quota1", "5000");
        form.put("window1", "1d");
        form.put("onRedisFailure", "deny");
        form.put("shadow", "on");

        ConsoleClient.Response saved = operator.post("/policies/default", form);

        assertThat(saved.status()).isEqualTo(303);
        assertThat(saved.location()).isEqualTo("/policies");
        assertThat(admin.defaultPolicy()).contains(new Policy("default", Algorithm.TOKEN_BUCKET,
                List.of(new Limit(20, Duration.ofSeconds(10), 40), Limit.of(5000, Duration.ofDays(1))),
                FailureMode.DENY, true));
        assertThat(operator.get("/policies").body()).contains("Saved the default policy");
        String audit = operator.get("/audit").body();
        assertThat(audit).contains("set default policy").contains(TestConsole.USERNAME)
                .contains("default: sliding_window 100/1m, fails open")
                .contains("default: token_bucket 20/10s/40, 5000/1d, fails closed, shadow");
    }

    @Test
    void negativeAndZeroValuesAreRefusedBesideTheirFields() {
        Map<String, String> form = policyForm("default", "fixed_window", "-5", "0s");

        ConsoleClient.Response refused = operator().post("/policies/default", form);

        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.body()).contains("Not saved").contains("the quota is a whole number of requests")
                .contains("name=\"quota0\" value=\"-5\"");
        assertThat(admin.defaultPolicy()).contains(SEEDED);
        Map<String, String> zeroWindow = policyForm("default", "fixed_window", "5", "0s");
        assertThat(operator().post("/policies/default", zeroWindow).body())
                .contains("the window must be between 100 ms and 31 days, not 0 ms");
    }

    @Test
    void anUnknownAlgorithmIsRefused() {
        ConsoleClient.Response refused = operator().post("/policies/default",
                policyForm("default", "leaky_bucket", "10", "1m"));

        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.body()).contains("unknown algorithm &#39;leaky_bucket&#39;");
        assertThat(admin.defaultPolicy()).contains(SEEDED);
    }

    @Test
    void aRoutePolicyIsAddedEditedAndDeleted() {
        ConsoleClient operator = operator();
        assertThat(operator.get("/policies/route").body()).contains("New route policy").contains("name=\"route\"");
        Map<String, String> form = policyForm("shorten", "fixed_window", "10", "1m");
        form.put("route", "post /shorten");

        assertThat(operator.post("/policies/route", form).status()).isEqualTo(303);
        assertThat(admin.routePolicy(Route.parse("POST /shorten")))
                .contains(Policy.of("shorten", Algorithm.FIXED_WINDOW, Limit.of(10, Duration.ofMinutes(1))));
        assertThat(operator.get("/policies/route?route=POST%20/shorten").body())
                .contains("Route policy POST /shorten").contains("name=\"quota0\" value=\"10\"");

        ConsoleClient.Response deleted = operator.post("/policies/route/delete", Map.of("route", "POST /shorten"));

        assertThat(deleted.status()).isEqualTo(303);
        assertThat(admin.routePolicy(Route.parse("POST /shorten"))).isEmpty();
        assertThat(operator.get("/audit").body()).contains("delete route policy").contains("set route policy");
    }

    @Test
    void aRouteThatIsNoRouteIsRefusedOnTheForm() {
        Map<String, String> form = policyForm("odd", "fixed_window", "10", "1m");
        form.put("route", "FETCH /things");

        ConsoleClient.Response refused = operator().post("/policies/route", form);

        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.body()).contains("unknown HTTP method &#39;FETCH&#39;");
    }

    @Test
    void aChangeWithoutTheCsrfTokenIsRefusedAndChangesNothing() {
        Map<String, String> form = policyForm("default", "fixed_window", "1", "1s");

        ConsoleClient.Response refused = operator().postWithoutToken("/policies/default", form);

        assertThat(refused.status()).isEqualTo(403);
        assertThat(refused.body()).contains("security token");
        assertThat(admin.defaultPolicy()).contains(SEEDED);
    }

    @Test
    void aChangeWithAnotherSessionsTokenIsRefused() {
        String otherToken = operator().csrfToken();
        Map<String, String> form = policyForm("default", "fixed_window", "1", "1s");
        form.put("csrfToken", otherToken);

        ConsoleClient.Response refused = operator().postWithoutToken("/policies/default", form);

        assertThat(refused.status()).isEqualTo(403);
        assertThat(admin.defaultPolicy()).contains(SEEDED);
    }

    @Test
    void anUnknownPageIsAPageNotAStackTrace() {
        ConsoleClient.Response missing = operator().get("/no/such/page");

        assertThat(missing.status()).isEqualTo(404);
        assertThat(missing.body()).contains("There is no such page in the console.");
    }
}
