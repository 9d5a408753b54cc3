package io.ratelimiter.deploychecks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisCommandExecutionException;
import io.lettuce.core.api.StatefulRedisConnection;
import io.micronaut.context.ApplicationContext;
import io.ratelimiter.limiter.admin.RateLimiterAdmin;
import io.ratelimiter.limiter.Decision;
import io.ratelimiter.limiter.RateLimiter;
import io.ratelimiter.limiter.policy.Algorithm;
import io.ratelimiter.limiter.policy.ClientRule;
import io.ratelimiter.limiter.policy.Limit;
import io.ratelimiter.limiter.policy.Policy;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * deploy/redis/users.acl.template, rendered as the deployments render it, loaded by a real Redis 7, and used by the
 * real limiter: as a node (user ratelimiter-node) it checks, within the limits the console (ratelimiter-console)
 * wrote; it cannot write a policy or a client rule, read the console's keys or list key names. The key patterns
 * follow limiter/.../redis/KeySpace.java: when the limiter's keys change and the template does not, the checks
 * here are refused by Redis and this suite fails, saying which file to change.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RedisAclTest {

    private static final String NODE_PASSWORD = "acl-check-node-0123456789";
    private static final String CONSOLE_PASSWORD = "acl-check-console-0123456789";
    private static final String TEMPLATE_OUT_OF_STEP = "Redis refused the limiter's own commands for the node user: "
            + "deploy/redis/users.acl.template's key patterns no longer match limiter/src/main/java/io/ratelimiter/"
            + "limiter/redis/KeySpace.java (or the commands its scripts call); change the ratelimiter-node line";

    private RedisServer redis;
    private ApplicationContext console;
    private ApplicationContext node;

    @BeforeAll
    void start(@TempDir Path dir) {
        redis = RedisServer.withAclFile(dir, RedisAcl.render("rl", NODE_PASSWORD, CONSOLE_PASSWORD));
        console = ApplicationContext.run(Map.of("redis.uri", redis.uri(RedisAcl.CONSOLE_USER, CONSOLE_PASSWORD),
                "rate-limiter.enabled", "false"));
        // A node as the shortener runs it: its start-up seeding is refused, which is the point.
        node = ApplicationContext.run(Map.of("redis.uri", redis.uri(RedisAcl.NODE_USER, NODE_PASSWORD)));
        console.getBean(RateLimiterAdmin.class).setDefaultPolicy(Policy.of("acl-check", Algorithm.SLIDING_WINDOW,
                Limit.of(3, Duration.ofMinutes(1))));
    }

    @AfterAll
    void stop() {
        if (node != null) {
            node.close();
        }
        if (console != null) {
            console.close();
        }
        if (redis != null) {
            redis.close();
        }
    }

    @Test
    void aNodeChecksWithinThePolicyTheConsoleWrote() {
        RateLimiter check = node.getBean(RateLimiter.class);
        List<Decision.Outcome> outcomes = new ArrayList<>();

        for (int i = 0; i < 4; i++) {
            outcomes.add(decide(check, "203.0.113.10", "GET /{code}").outcome());
        }

        assertThat(outcomes).containsExactly(Decision.Outcome.ALLOWED, Decision.Outcome.ALLOWED,
                Decision.Outcome.ALLOWED, Decision.Outcome.DENIED);
    }

    @Test
    void theConsoleSeesTheWindowsTheNodesWrote() {
        decide(node.getBean(RateLimiter.class), "203.0.113.11", "POST /shorten");

        assertThat(console.getBean(RateLimiterAdmin.class).clientRule("203.0.113.11")).isEmpty();
        assertThat(console.getBean(RateLimiterAdmin.class).defaultPolicy()).hasValueSatisfying(policy ->
                assertThat(policy.name()).isEqualTo("acl-check"));
    }

    @Test
    void aNodeCannotRewriteThePolicies() {
        RateLimiterAdmin asNode = node.getBean(RateLimiterAdmin.class);

        assertThatThrownBy(() -> asNode.setDefaultPolicy(Policy.of("stolen", Algorithm.FIXED_WINDOW,
                Limit.of(1_000_000, Duration.ofSeconds(1))))).satisfies(RedisAclTest::refusedByTheAcl);
        assertThatThrownBy(() -> asNode.alwaysAllow("198.51.100.66")).satisfies(RedisAclTest::refusedByTheAcl);
        assertThat(console.getBean(RateLimiterAdmin.class).defaultPolicy()).hasValueSatisfying(policy ->
                assertThat(policy.name()).isEqualTo("acl-check"));
        assertThat(console.getBean(RateLimiterAdmin.class).clientRule("198.51.100.66")).isEmpty();
    }

    @Test
    void theConsoleMayChangeAClientRule() {
        RateLimiterAdmin admin = console.getBean(RateLimiterAdmin.class);

        admin.block("198.51.100.77");

        assertThat(admin.clientRule("198.51.100.77")).map(ClientRule::mode).hasValue(ClientRule.block("x").mode());
        assertThat(decide(node.getBean(RateLimiter.class), "198.51.100.77", "GET /{code}").outcome())
                .isEqualTo(Decision.Outcome.BLOCKED);
    }

    @Test
    void aNodeCannotListKeyNamesNorReadTheConsolesKeys() {
        RedisClient client = RedisClient.create(redis.uri(RedisAcl.NODE_USER, NODE_PASSWORD));
        try (StatefulRedisConnection<String, String> connection = client.connect()) {
            assertThatThrownBy(() -> connection.sync().scan()).isInstanceOf(RedisCommandExecutionException.class)
                    .hasMessageContaining("NOPERM");
            assertThatThrownBy(() -> connection.sync().keys("*")).hasMessageContaining("NOPERM");
            assertThatThrownBy(() -> connection.sync().get("console:session:any")).hasMessageContaining("NOPERM");
            assertThatThrownBy(() -> connection.sync().flushall()).hasMessageContaining("NOPERM");
            assertThatThrownBy(() -> connection.sync().configSet("requirepass", "x")).hasMessageContaining("NOPERM");
        } finally {
            client.shutdown();
        }
    }

    @Test
    void noOneGetsInWithoutAUserAndItsPassword() {
        for (String uri : List.of("redis://127.0.0.1:" + redis.port(), redis.uri(RedisAcl.NODE_USER, CONSOLE_PASSWORD),
                redis.uri("default", NODE_PASSWORD))) {
            RedisClient client = RedisClient.create(uri);
            try {
                // Through a container's port proxy Lettuce may see the connection closed before its handshake is set
                // up ("RedisHandshakeHandler not registered") instead of Redis' answer: every attempt must fail, and
                // one of them must say it was the credentials.
                List<String> refusals = new ArrayList<>();
                while (refusals.size() < 5 && refusals.stream().noneMatch(RedisAclTest::refusedCredentials)) {
                    Throwable refused = catchThrowable(() -> {
                        try (StatefulRedisConnection<String, String> connection = client.connect()) {
                            connection.sync().ping();
                        }
                    });
                    assertThat(refused).as(uri + " got in").isNotNull();
                    refusals.add(stackTrace(refused));
                }
                assertThat(refusals).as(uri).anyMatch(RedisAclTest::refusedCredentials);
            } finally {
                client.shutdown();
            }
        }
    }

    private static boolean refusedCredentials(String stackTrace) {
        return stackTrace.contains("NOAUTH") || stackTrace.contains("WRONGPASS");
    }

    /** Redis' two words for it: NOPERM for a command, this for a command a script calls. */
    private static void refusedByTheAcl(Throwable thrown) {
        assertThat(stackTrace(thrown)).containsAnyOf("NOPERM", "The user executing the script can't access");
    }

    private static String stackTrace(Throwable thrown) {
        java.io.StringWriter text = new java.io.StringWriter();
        thrown.printStackTrace(new java.io.PrintWriter(text));
        return text.toString();
    }

    private static Decision decide(RateLimiter check, String identity, String route) {
        try {
            return check.check(identity, route).get(10, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            throw new AssertionError(TEMPLATE_OUT_OF_STEP + ": " + e.getCause(), e.getCause());
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }
}
