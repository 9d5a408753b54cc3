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
class SignInDisabledTest implements TestPropertyProvider {

    @Inject
    EmbeddedServer server;

    @Override
    public Map<String, String> getProperties() {
        Map<String, String> properties = new HashMap<>(TestConsole.properties("console-no-hash"));
        properties.remove("admin.password-hash");
        return properties;
    }

    @Test
    void withoutAPasswordHashNobodyCanSignInAndTheFormSaysWhy() {
        ConsoleClient visitor = new ConsoleClient(server.getURI());

        assertThat(visitor.get("/login").body()).contains("Sign-in is disabled");
        ConsoleClient.Response refused = visitor.signIn("admin", "");

        assertThat(refused.status()).isEqualTo(401);
        assertThat(refused.body()).contains("no ADMIN_PASSWORD_HASH configured");
        assertThat(visitor.get("/").location()).isEqualTo("/login");
    }
}
