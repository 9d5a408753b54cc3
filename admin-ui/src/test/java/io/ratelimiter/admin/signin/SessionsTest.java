package io.ratelimiter.admin.signin;

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

/** Sessions in Redis: shared by console instances, kept across a restart, ended everywhere, bounded in time. */
@MicronautTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SessionsTest implements TestPropertyProvider {

    @Inject
    EmbeddedServer server;

    @Inject
    SettableClock clock;

    private Map<String, String> properties;

    @Override
    public Map<String, String> getProperties() {
        if (properties == null) {
            properties = new HashMap<>(TestConsole.properties("console-sessions"));
            properties.put(SettableClock.PROPERTY, "settable");
        }
        return properties;
    }

    @Test
    void twoConsoleInstancesOnOneRedisShareASignedInSessionAndSigningOutOnOneEndsItOnBoth() {
        try (EmbeddedServer second = ApplicationContext.run(EmbeddedServer.class, new HashMap<>(properties))) {
            ConsoleClient onFirst = new ConsoleClient(server.getURI()).signedIn();
            ConsoleClient onSecond = onFirst.sharingCookiesWith(second.getURI());

            assertThat(onSecond.get("/").status()).isEqualTo(200);
            assertThat(onSecond.post("/clients/block", Map.of("identity", "192.0.2.71")).location())
                    .isEqualTo("/clients/view?identity=192.0.2.71");
            assertThat(onSecond.post("/logout", Map.of()).location()).isEqualTo("/login");

            assertThat(onFirst.get("/").location()).isEqualTo("/login");
        }
    }

    @Test
    void aRestartedConsoleKeepsTheSessionAndItsForms() {
        ConsoleClient operator;
        try (EmbeddedServer before = ApplicationContext.run(EmbeddedServer.class, new HashMap<>(properties))) {
            operator = new ConsoleClient(before.getURI()).signedIn();
            operator.get("/clients/view?identity=192.0.2.72");
        }
        try (EmbeddedServer after = ApplicationContext.run(EmbeddedServer.class, new HashMap<>(properties))) {
            ConsoleClient same = operator.sharingCookiesWith(after.getURI());
            String tokenFromBefore = same.csrfToken();

            assertThat(same.get("/").status()).as("signed in").isEqualTo(200);
            ConsoleClient.Response blocked = same.postWithoutToken("/clients/block",
                    Map.of("identity", "192.0.2.72", "csrfToken", tokenFromBefore));
            assertThat(blocked.location()).as("a form shown before the restart")
                    .isEqualTo("/clients/view?identity=192.0.2.72");
        }
    }

    @Test
    void restartedWithAnotherSigningKeyTheSessionStaysAndTheNextPageCarriesAWorkingToken() {
        ConsoleClient operator;
        try (EmbeddedServer before = ApplicationContext.run(EmbeddedServer.class, new HashMap<>(properties))) {
            operator = new ConsoleClient(before.getURI()).signedIn();
        }
        Map<String, Object> newKey = new HashMap<>(properties);
        newKey.put("admin.signing-key", "another-key-made-by-another-process-0123456789");
        try (EmbeddedServer after = ApplicationContext.run(EmbeddedServer.class, newKey)) {
            ConsoleClient same = operator.sharingCookiesWith(after.getURI());

            assertThat(same.post("/clients/block", Map.of("identity", "192.0.2.73")).status())
                    .as("a token signed with the old key").isEqualTo(403);
            assertThat(same.get("/clients/view?identity=192.0.2.73").status()).isEqualTo(200);
            assertThat(same.post("/clients/block", Map.of("identity", "192.0.2.73")).location())
                    .isEqualTo("/clients/view?identity=192.0.2.73");
        }
    }

    @Test
    void theLivePollKeepsASessionInUseButNotAlivePastItsLifetime() {
        ConsoleClient operator = new ConsoleClient(server.getURI()).signedIn();
        for (int hour = 0; hour < 7; hour++) {
            clock.advance(Duration.ofHours(1));
            assertThat(operator.htmx("/windows/live").status()).as("after %d h", hour + 1).isEqualTo(200);
        }
        clock.advance(Duration.ofMinutes(59));
        assertThat(operator.htmx("/windows/live").status()).isEqualTo(200);

        clock.advance(Duration.ofMinutes(1));
        ConsoleClient.Response poll = operator.htmx("/windows/live");

        assertThat(poll.status()).isEqualTo(401);
        assertThat(poll.header("HX-Redirect")).isEqualTo("/login");
        assertThat(operator.get("/").location()).isEqualTo("/login");
    }
}
