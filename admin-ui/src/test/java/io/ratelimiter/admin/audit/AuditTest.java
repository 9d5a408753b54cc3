package io.ratelimiter.admin.audit;

import static org.assertj.core.api.Assertions.assertThat;

import io.micronaut.context.ApplicationContext;
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
class AuditTest implements TestPropertyProvider {

    @Inject
    EmbeddedServer server;

    private Map<String, String> properties;

    @Override
    public Map<String, String> getProperties() {
        if (properties == null) {
            properties = new HashMap<>(TestConsole.properties("console-audit"));
        }
        return properties;
    }

    @Test
    void changesAreListedNewestFirstAndSurviveARestartOfTheConsole() {
        ConsoleClient operator = new ConsoleClient(server.getURI()).signedIn();
        operator.post("/clients/block", Map.of("identity", "192.0.2.31"));
        operator.post("/clients/allow", Map.of("identity", "192.0.2.32"));

        try (EmbeddedServer restarted = ApplicationContext.run(EmbeddedServer.class, new HashMap<>(properties))) {
            String audit = new ConsoleClient(restarted.getURI()).signedIn().get("/audit").body();

            assertThat(audit).contains("block client").contains("always allow client").contains(TestConsole.USERNAME);
            assertThat(audit.indexOf("192.0.2.32")).isLessThan(audit.indexOf("192.0.2.31"));
            assertThat(audit).contains("just now");
        }
    }
}
