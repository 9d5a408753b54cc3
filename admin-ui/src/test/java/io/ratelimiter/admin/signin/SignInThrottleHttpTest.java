package io.ratelimiter.admin.signin;

import static org.assertj.core.api.Assertions.assertThat;

import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.micronaut.test.support.TestPropertyProvider;
import io.ratelimiter.admin.ConsoleClient;
import io.ratelimiter.admin.TestConsole;
import jakarta.inject.Inject;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

@MicronautTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SignInThrottleHttpTest implements TestPropertyProvider {

    @Inject
    EmbeddedServer server;

    @Override
    public Map<String, String> getProperties() {
        Map<String, String> properties = new HashMap<>(TestConsole.properties("console-throttle"));
        properties.put("admin.max-failed-sign-ins", "3");
        return properties;
    }

    @Test
    void afterTooManyFailuresEvenTheRightPasswordIsRefusedForAWhile() {
        ConsoleClient guesser = new ConsoleClient(server.getURI());
        for (int i = 0; i < 3; i++) {
            assertThat(guesser.signIn(TestConsole.USERNAME, "guess " + i).status()).isEqualTo(401);
        }

        ConsoleClient.Response response = guesser.signIn(TestConsole.USERNAME, TestConsole.PASSWORD);

        assertThat(response.status()).isEqualTo(429);
        assertThat(response.header("Retry-After")).matches("\\d+");
        assertThat(response.body()).contains("Too many failed sign-ins");
        assertThat(guesser.get("/").location()).isEqualTo("/login");
    }
}
