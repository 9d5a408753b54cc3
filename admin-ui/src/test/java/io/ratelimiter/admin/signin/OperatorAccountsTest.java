package io.ratelimiter.admin.signin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.micronaut.test.support.TestPropertyProvider;
import io.ratelimiter.admin.ConsoleClient;
import io.ratelimiter.admin.ManageOperatorsCommand;
import io.ratelimiter.admin.TestConsole;
import io.ratelimiter.realservers.PostgresDatabase;
import io.ratelimiter.realservers.RealServers;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** Operators added with ManageOperators: each signs in as themself, with their role, until disabled. */
@MicronautTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class OperatorAccountsTest implements TestPropertyProvider {

    private static final String ALICE_PASSWORD = "tangerine umbrella 41";
    private static final String BOB_PASSWORD = "quiet lantern harbor";

    private final PostgresDatabase database = RealServers.postgres().createDatabase("console");

    @Inject
    EmbeddedServer server;

    @Override
    public Map<String, String> getProperties() {
        Map<String, String> properties = new HashMap<>(TestConsole.onDatabase(database, "console-accounts"));
        // Only database accounts: no configured operator.
        properties.remove("admin.password-hash");
        return properties;
    }

    @Test
    void anEditorAndAViewerSignInAsThemselvesAndOnlyTheEditorMayChangeThings() {
        ManageOperatorsCommand.add(database, "alice", "editor", ALICE_PASSWORD);
        ManageOperatorsCommand.add(database, "bob", "viewer", BOB_PASSWORD);
        ConsoleClient alice = new ConsoleClient(server.getURI()).signedIn("alice", ALICE_PASSWORD);
        ConsoleClient bob = new ConsoleClient(server.getURI()).signedIn("bob", BOB_PASSWORD);

        ConsoleClient.Response bobBlocks = bob.post("/clients/block", Map.of("identity", "192.0.2.61"));
        ConsoleClient.Response aliceBlocks = alice.post("/clients/block", Map.of("identity", "192.0.2.62"));

        assertThat(bob.get("/policies").body()).contains("(viewer)").doesNotContain("/policies/route/delete")
                .contains("You are signed in as a viewer");
        assertThat(bob.get("/policies/default").status()).isEqualTo(403);
        assertThat(bobBlocks.status()).isEqualTo(403);
        assertThat(aliceBlocks.status()).isEqualTo(303);
        String audit = bob.get("/audit").body();
        assertThat(audit).contains("192.0.2.62").doesNotContain("192.0.2.61");
        assertThat(audit.substring(audit.indexOf("192.0.2.62") - 600, audit.indexOf("192.0.2.62"))).contains("alice");
    }

    @Test
    void aDisabledOperatorIsSignedOutEverywhereAndCannotSignInAgain() {
        ManageOperatorsCommand.add(database, "carol", "editor", "violet ferry morning");
        ConsoleClient carol = new ConsoleClient(server.getURI()).signedIn("carol", "violet ferry morning");

        ManageOperatorsCommand.Result disabled = ManageOperatorsCommand.run(database, "", "disable", "carol");

        assertThat(disabled.exitCode()).isZero();
        await().atMost(Duration.ofSeconds(15)).until(() -> carol.get("/").location().equals("/login"));
        assertThat(new ConsoleClient(server.getURI()).signIn("carol", "violet ferry morning").status())
                .isEqualTo(401);
        assertThat(ManageOperatorsCommand.run(database, "", "list").out()).containsPattern("carol\\s+editor\\s+disabled");
    }

    @Test
    void aResetPasswordReplacesTheOldOne() {
        ManageOperatorsCommand.add(database, "dave", "viewer", "pebble orchard twelve");

        ManageOperatorsCommand.Result reset = ManageOperatorsCommand.run(database, "marble canyon thirty",
                "reset", "dave");

        assertThat(reset.exitCode()).isZero();
        assertThat(new ConsoleClient(server.getURI()).signIn("dave", "pebble orchard twelve").status())
                .isEqualTo(401);
        assertThat(new ConsoleClient(server.getURI()).signIn("dave", "marble canyon thirty").status())
                .isEqualTo(303);
    }

    @Test
    void theCommandRefusesWeakPasswordsUnknownRolesAndDuplicates() {
        assertThat(ManageOperatorsCommand.run(database, "short", "add", "erin", "editor").err())
                .contains("at least 12 characters");
        assertThat(ManageOperatorsCommand.run(database, "Password1234", "add", "erin", "editor").err())
                .contains("most common passwords");
        assertThat(ManageOperatorsCommand.run(database, "erin's passphrase!", "add", "erin", "editor").err())
                .contains("must not contain the account's name");
        assertThat(ManageOperatorsCommand.run(database, "a long passphrase", "add", "erin", "admin").err())
                .contains("viewer or editor");
        ManageOperatorsCommand.add(database, "frank", "viewer", "silver kettle drum");
        ManageOperatorsCommand.Result again = ManageOperatorsCommand.run(database, "another passphrase", "add", "frank",
                "editor");
        assertThat(again.exitCode()).isEqualTo(2);
        assertThat(again.err()).contains("exists");
        assertThat(ManageOperatorsCommand.run(database, "", "list").out()).doesNotContain("erin");
    }
}
