package io.ratelimiter.admin.signin;

import static org.assertj.core.api.Assertions.assertThat;

import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.micronaut.test.support.TestPropertyProvider;
import io.ratelimiter.admin.ConsoleClient;
import io.ratelimiter.admin.ManageOperatorsCommand;
import io.ratelimiter.admin.SettableClock;
import io.ratelimiter.admin.TestConsole;
import io.ratelimiter.realservers.PostgresDatabase;
import io.ratelimiter.realservers.RealServers;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The sign-in throttle through the console's own form, on real Redis, with the console's clock in the test's hands.
 * Each test uses accounts and client addresses of its own (the console trusts the test as its proxy).
 */
@MicronautTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SignInThrottleTest implements TestPropertyProvider {

    private static final int FREE_PER_ACCOUNT = 3;
    private static final int FREE_PER_ADDRESS = 6;

    private final PostgresDatabase database = RealServers.postgres().createDatabase("console");

    @Inject
    EmbeddedServer server;

    @Inject
    SettableClock clock;

    @Override
    public Map<String, String> getProperties() {
        Map<String, String> properties = new HashMap<>(TestConsole.onDatabase(database, "console-throttle"));
        properties.put(SettableClock.PROPERTY, "settable");
        properties.put("rate-limiter.trusted-proxies", "127.0.0.1,::1");
        properties.put("admin.sign-in.free-attempts-per-account", Integer.toString(FREE_PER_ACCOUNT));
        properties.put("admin.sign-in.free-attempts-per-address", Integer.toString(FREE_PER_ADDRESS));
        properties.put("admin.sign-in.first-delay", "1s");
        properties.put("admin.sign-in.max-delay-per-account", "8s");
        properties.put("admin.sign-in.max-delay-per-address", "1h");
        return properties;
    }

    @Test
    void twentyParallelWrongPasswordsForOneAccountGetAtMostTheConfiguredNumberOfPasswordChecks() throws Exception {
        ExecutorService guessers = Executors.newFixedThreadPool(20);
        CountDownLatch ready = new CountDownLatch(20);
        List<Future<ConsoleClient.Response>> answers = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            ConsoleClient guesser = new ConsoleClient(server.getURI()).forwardedFor("198.51.100." + (i + 1));
            guesser.get("/login");
            int guess = i;
            answers.add(guessers.submit((Callable<ConsoleClient.Response>) () -> {
                ready.countDown();
                ready.await();
                return guesser.post("/login", Map.of("username", TestConsole.USERNAME,
                        "password", "guess number " + guess));
            }));
        }
        List<Integer> statuses = new ArrayList<>();
        for (Future<ConsoleClient.Response> answer : answers) {
            statuses.add(answer.get().status());
        }
        guessers.shutdown();

        assertThat(statuses).filteredOn(status -> status == 401).hasSize(FREE_PER_ACCOUNT);
        assertThat(statuses).filteredOn(status -> status == 429).hasSize(20 - FREE_PER_ACCOUNT);
        assertThat(failedSignInsRecordedFor(TestConsole.USERNAME)).as("password checks made").isEqualTo(FREE_PER_ACCOUNT);
    }

    @Test
    void eachFurtherAttemptWaitsTwiceAsLongAndTheRightPasswordWorksOnceTheWaitIsOver() {
        ManageOperatorsCommand.add(database, "grace", "viewer", "copper meadow signal");
        ConsoleClient grace = new ConsoleClient(server.getURI()).forwardedFor("203.0.113.10");
        for (int i = 0; i < FREE_PER_ACCOUNT; i++) {
            assertThat(grace.signIn("grace", "wrong " + i).status()).isEqualTo(401);
        }

        ConsoleClient.Response tooSoon = grace.signIn("grace", "copper meadow signal");
        clock.advance(Duration.ofSeconds(1));
        ConsoleClient.Response fourthGuess = grace.signIn("grace", "wrong again");
        clock.advance(Duration.ofSeconds(1));
        ConsoleClient.Response stillTooSoon = grace.signIn("grace", "copper meadow signal");
        clock.advance(Duration.ofSeconds(1));
        ConsoleClient.Response right = grace.signIn("grace", "copper meadow signal");

        assertThat(tooSoon.status()).isEqualTo(429);
        assertThat(tooSoon.header("Retry-After")).isEqualTo("1");
        assertThat(fourthGuess.status()).isEqualTo(401);
        assertThat(stillTooSoon.status()).isEqualTo(429);
        assertThat(right.status()).isEqualTo(303);
    }

    @Test
    void anyoneTypingAnAccountsNameDelaysItsOperatorOnlyBrieflyWhileTheirOwnAddressWaitsLonger() {
        ConsoleClient attacker = new ConsoleClient(server.getURI()).forwardedFor("203.0.113.20");
        for (int round = 0; round < 12; round++) {
            attacker.signIn("heidi", "guess " + round);
            clock.advance(Duration.ofSeconds(9));
        }

        ConsoleClient.Response attackerAgain = attacker.signIn("heidi", "one more guess");
        ConsoleClient.Response operatorElsewhere = new ConsoleClient(server.getURI()).forwardedFor("203.0.113.21")
                .signIn("heidi", "the operator's own try");

        assertThat(attackerAgain.status()).isEqualTo(429);
        assertThat(Long.parseLong(attackerAgain.header("Retry-After"))).as("an address waits past the account's cap").isGreaterThan(8);
        assertThat(operatorElsewhere.status()).isIn(401, 429);
        assertThat(operatorElsewhere.status() == 401 || Long.parseLong(operatorElsewhere.header("Retry-After")) <= 8)
                .as("an account waits at most its cap").isTrue();
    }

    @Test
    void anAddressIsThrottledWhateverNamesItTries() {
        ConsoleClient sprayer = new ConsoleClient(server.getURI()).forwardedFor("203.0.113.30");
        for (int i = 0; i < FREE_PER_ADDRESS; i++) {
            assertThat(sprayer.signIn("spray" + i, "password guess").status()).isEqualTo(401);
        }

        assertThat(sprayer.signIn("spray-another", "password guess").status()).isEqualTo(429);
        assertThat(new ConsoleClient(server.getURI()).forwardedFor("203.0.113.31").signIn("spray-another", "guess")
                .status()).as("another address").isEqualTo(401);
    }

    private int failedSignInsRecordedFor(String name) throws SQLException {
        try (Connection db = DriverManager.getConnection(database.jdbcUrl(), database.username(), database.password());
             var query = db.prepareStatement("SELECT count(*) FROM console.audit_entry WHERE action = 'failed sign-in' "
                     + "AND subject = ?")) {
            query.setString(1, name);
            try (ResultSet row = query.executeQuery()) {
                row.next();
                return row.getInt(1);
            }
        }
    }
}
