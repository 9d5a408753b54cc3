package io.ratelimiter.admin.audit;

import static org.assertj.core.api.Assertions.assertThat;

import io.micronaut.context.ApplicationContext;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.micronaut.test.support.TestPropertyProvider;
import io.ratelimiter.admin.ConsoleClient;
import io.ratelimiter.admin.SettableClock;
import io.ratelimiter.admin.TestConsole;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

@MicronautTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AuditTest implements TestPropertyProvider {

    @Inject
    EmbeddedServer server;

    private Map<String, String> properties;

    @Override
    public Map<String, String> getProperties() {
        if (properties == null) {
            properties = new HashMap<>(TestConsole.properties("console-audit"));
            properties.put(SettableClock.PROPERTY, "settable");
        }
        return properties;
    }

    @Test
    void changesAreListedNewestFirstWithTheirOutcomeAndSurviveARestartOfTheConsole() {
        ConsoleClient operator = new ConsoleClient(server.getURI()).signedIn();
        operator.post("/clients/block", Map.of("identity", "192.0.2.31"));
        operator.post("/clients/allow", Map.of("identity", "192.0.2.32"));

        try (EmbeddedServer restarted = ApplicationContext.run(EmbeddedServer.class, new HashMap<>(properties))) {
            restarted.getApplicationContext().getBean(SettableClock.class).advance(Duration.ofMinutes(5));
            String audit = new ConsoleClient(restarted.getURI()).signedIn().get("/audit").body();

            assertThat(audit).contains("block client").contains("always allow client").contains(TestConsole.USERNAME);
            assertThat(audit.indexOf("192.0.2.32")).isLessThan(audit.indexOf("192.0.2.31"));
            assertThat(audit).contains("5 min ago").contains(">applied<");
            assertThat(audit).doesNotContain("Changes whose outcome is unknown");
        }
    }

    @Test
    void signInsFailedSignInsAndSignOutsAreRecordedWithAddressAndSession() {
        ConsoleClient guesser = new ConsoleClient(server.getURI());
        guesser.signIn(TestConsole.USERNAME, "not the password at all");
        ConsoleClient operator = new ConsoleClient(server.getURI()).signedIn();
        operator.post("/logout", Map.of());

        String audit = new ConsoleClient(server.getURI()).signedIn().get("/audit").body();

        assertThat(audit).contains("failed sign-in").contains("sign in").contains("sign out")
                .contains("127.0.0.1").containsPattern("session [0-9a-f]{12}");
        assertThat(audit.indexOf("sign out")).isLessThan(audit.indexOf("failed sign-in"));
    }

    @Test
    void anOperatorsAddressIsTheOneTheTrustedProxyReports() {
        Map<String, Object> behindAProxy = new HashMap<>(properties);
        behindAProxy.put("rate-limiter.trusted-proxies", "127.0.0.1,::1");
        try (EmbeddedServer behindProxy = ApplicationContext.run(EmbeddedServer.class, behindAProxy)) {
            ConsoleClient operator = new ConsoleClient(behindProxy.getURI()).forwardedFor("198.51.100.23").signedIn();
            operator.post("/clients/block", Map.of("identity", "192.0.2.33"));

            String audit = operator.get("/audit").body();

            assertThat(audit).contains("198.51.100.23");
        }
    }
}
