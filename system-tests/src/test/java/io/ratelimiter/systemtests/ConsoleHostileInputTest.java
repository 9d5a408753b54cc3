package io.ratelimiter.systemtests;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import io.ratelimiter.limiter.admin.RateLimiterAdmin;
import io.ratelimiter.realservers.PostgresDatabase;
import io.ratelimiter.realservers.RealServers;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The console as its jar runs in production, configured as behind a TLS proxy, and a shortener node on the same
 * Redis. Every page and action is refused without a session and without the session's CSRF token; every answer
 * carries the security headers; the session cookie is HttpOnly, SameSite=Strict and Secure; hostile values in
 * every form and query are refused or shown escaped, never a 500, never evaluated; afterwards every policy in
 * Redis still reads, the node still serves, and the console's log holds no line a visitor wrote.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ConsoleHostileInputTest {

    private static final String SUITE = "hostile-console";
    private static final String USERNAME = "operator";
    private static final String PASSWORD = "a long operator passphrase";
    private static final String SCRIPT = "<script>alert(1)</script>";
    /** Lower than the console's 10,000, so a flood that fills it stays quick. */
    private static final int SIGN_IN_PAGE_LOADS = 1_000;

    private AppProcess console;
    private ShortenerNode node;
    private ConsoleSession operator;

    @BeforeAll
    void start() {
        String prefix = ShortenerNode.uniquePrefix(SUITE);
        PostgresDatabase audit = RealServers.postgres().createDatabase("console");
        Map<String, String> environment = new HashMap<>();
        environment.put("REDIS_URI", RealServers.redis().uri());
        environment.put("RATE_LIMITER_KEY_PREFIX", prefix);
        environment.put("DATASOURCES_DEFAULT_URL", audit.jdbcUrl());
        environment.put("DATASOURCES_DEFAULT_USERNAME", audit.username());
        environment.put("DATASOURCES_DEFAULT_PASSWORD", audit.password());
        environment.put("ADMIN_USERNAME", USERNAME);
        environment.put("ADMIN_PASSWORD_HASH", hash(PASSWORD));
        environment.put("MICRONAUT_SESSION_HTTP_COOKIE_SECURE", "true");
        // Delays long enough that no machine is slow enough to see one end within a test.
        environment.put("ADMIN_SIGN_IN_FIRST_DELAY", "10m");
        console = AppProcess.start("console", AppProcess.CONSOLE_JAR, environment);
        node = ShortenerNode.start(ShortenerNode.properties(RealServers.redis().uri(),
                RealServers.postgres().createDatabase("console_node"), prefix));
        console.awaitHealthy();
        operator = ConsoleSession.signedIn(console.uri(), USERNAME, PASSWORD);
    }

    @AfterAll
    void stop() {
        console.close();
        node.close();
    }

    static Stream<Arguments> pages() {
        return Stream.of("/", "/windows/live", "/overview", "/overview/live", "/policies", "/policies/default",
                "/policies/route", "/policies/route?route=GET%20/x", "/clients", "/clients/view?identity=192.0.2.1",
                "/audit").map(Arguments::of);
    }

    static Stream<Arguments> actions() {
        return Stream.of("/logout", "/policies/default", "/policies/route", "/policies/route/delete", "/clients/rule",
                "/clients/block", "/clients/allow", "/clients/delete", "/clients/reset").map(Arguments::of);
    }

    @ParameterizedTest(name = "GET {0}")
    @MethodSource("pages")
    @Order(1)
    void everyPageSendsAVisitorWithoutASessionToSignIn(String page) {
        Http.Answer answer = new ConsoleSession(console.uri()).get(page);
        Http.Answer poll = new ConsoleSession(console.uri()).get(page, "HX-Request", "true");
        Figures.answer(SUITE, "anonymous GET " + page, answer);

        assertThat(answer.status()).as("%s", answer).isIn(302, 303);
        assertThat(answer.header("Location")).hasValueSatisfying(location -> assertThat(location).endsWith("/login"));
        assertThat(poll.status()).isEqualTo(401);
        assertThat(poll.header("HX-Redirect")).hasValue("/login");
    }

    @ParameterizedTest(name = "POST {0}")
    @MethodSource("actions")
    @Order(2)
    void everyActionIsRefusedWithoutASessionAndWithoutTheSessionsToken(String action) {
        Map<String, Object> before = snapshot();
        Map<String, String> form = Map.of("identity", "192.0.2.77", "route", "GET /x", "name", "evil",
                "algorithm", "fixed_window", "onRedisFailure", "allow", "quota0", "1", "window0", "1s");

        ConsoleSession anonymous = new ConsoleSession(console.uri());
        anonymous.get("/login");
        Http.Answer withoutSession = anonymous.post(action, form);
        Http.Answer withoutToken = operator.postExactly(action, form);
        Map<String, String> forged = new HashMap<>(form);
        forged.put("csrfToken", anonymous.csrfToken());
        Http.Answer withAnotherSessionsToken = operator.postExactly(action, forged);
        Figures.answer(SUITE, "anonymous POST " + action, withoutSession);
        Figures.answer(SUITE, "POST " + action + " without the CSRF token", withoutToken);

        assertThat(withoutSession.status()).as("%s", withoutSession).isIn(302, 303, 401, 403);
        assertThat(withoutToken.status()).as("%s", withoutToken).isEqualTo(403);
        assertThat(withAnotherSessionsToken.status()).as("%s", withAnotherSessionsToken).isEqualTo(403);
        assertThat(snapshot()).as("nothing changed").isEqualTo(before);
        assertThat(operator.get("/").status()).as("the operator is still signed in").isEqualTo(200);
    }

    @Test
    @Order(3)
    void everyKindOfAnswerCarriesTheSecurityHeaders() {
        ConsoleSession anonymous = new ConsoleSession(console.uri());
        Map<String, Http.Answer> answers = new LinkedHashMap<>();
        answers.put("sign-in page", anonymous.get("/login"));
        answers.put("redirect to sign-in", anonymous.get("/policies"));
        answers.put("401 to htmx", anonymous.get("/windows/live", "HX-Request", "true"));
        answers.put("sign-in refused", anonymous.post("/login", Map.of("username", "nobody", "password", "x")));
        answers.put("health", anonymous.get("/health"));
        answers.put("dashboard", operator.get("/"));
        answers.put("live table", operator.get("/windows/live", "HX-Request", "true"));
        answers.put("404 page", operator.get("/no/such/page"));
        answers.put("403 without CSRF token", operator.postExactly("/clients/block", Map.of("identity", "192.0.2.9")));
        answers.put("400 form", operator.post("/policies/default", Map.of("name", "x", "algorithm", "nonsense")));
        answers.put("htmx script", operator.get("/js/htmx.min.js"));
        answers.forEach((what, answer) -> {
            assertThat(answer.header("Content-Security-Policy")).as(what).hasValueSatisfying(csp -> assertThat(csp)
                    .contains("default-src 'self'").contains("script-src 'self'").contains("frame-ancestors 'none'")
                    .doesNotContain("unsafe-inline").doesNotContain("unsafe-eval"));
            assertThat(answer.header("X-Frame-Options")).as(what).hasValue("DENY");
            assertThat(answer.header("X-Content-Type-Options")).as(what).hasValue("nosniff");
            assertThat(answer.header("Referrer-Policy")).as(what).isPresent();
            assertThat(answer.status()).as(what).isLessThan(500);
        });
    }

    @Test
    @Order(4)
    void behindTlsTheSessionCookieIsSecureHttpOnlyAndStrict() {
        ConsoleSession visitor = new ConsoleSession(console.uri());
        Http.Answer form = visitor.get("/login");
        Http.Answer signedIn = visitor.post("/login", Map.of("username", USERNAME, "password", PASSWORD));

        for (Http.Answer answer : List.of(form, signedIn)) {
            assertThat(answer.headers().get("Set-Cookie")).as("%s", answer).isNotEmpty().allSatisfy(cookie -> assertThat(cookie)
                    .containsIgnoringCase("; HttpOnly").containsIgnoringCase("; Secure")
                    .containsIgnoringCase("SameSite=Strict"));
        }
        assertThat(form.headers().get("Set-Cookie")).as("no session before sign-in")
                .noneMatch(cookie -> cookie.startsWith("CONSOLE_SESSION="));
        String signedInId = signedIn.headers().get("Set-Cookie").stream().filter(c -> c.startsWith("CONSOLE_SESSION="))
                .findFirst().orElseThrow().split(";")[0];
        assertThat(signedInId.substring("CONSOLE_SESSION=".length())).as("session id").hasSizeGreaterThanOrEqualTo(32);
    }

    static Stream<Arguments> hostileFormValues() {
        List<String> values = List.of(SCRIPT, "\"><img src=x onerror=alert(1)>", "[[${7*191}]]", "__${7*191}__::x",
                "${T(java.lang.Runtime).getRuntime().exec('id')}", "{{7*191}}", "' OR '1'='1' --", "a\r\nb",
                "../../etc/passwd", "x".repeat(20_000), "\u202egnp.exe", "{0}", "*", "-1", "99999999999999999999", "NaN");
        List<Arguments> cases = new ArrayList<>();
        for (String value : values) {
            String shown = value.length() > 40 ? value.substring(0, 12) + "... (" + value.length() + " chars)" : value;
            for (String field : List.of("name", "algorithm", "onRedisFailure", "quota0", "window0", "burst0", "shadow")) {
                Map<String, String> form = validPolicy();
                form.put(field, value);
                cases.add(arguments("/policies/default " + field + "=" + shown, "/policies/default", form));
            }
            Map<String, String> route = validPolicy();
            route.put("route", "GET /" + value);
            cases.add(arguments("/policies/route route=GET /" + shown, "/policies/route", route));
            Map<String, String> routeMethod = validPolicy();
            routeMethod.put("route", value + " /x");
            cases.add(arguments("/policies/route route=" + shown + " /x", "/policies/route", routeMethod));
            for (String action : List.of("/clients/rule", "/clients/block", "/clients/allow", "/clients/reset",
                    "/clients/delete", "/policies/route/delete")) {
                Map<String, String> client = validPolicy();
                client.put("identity", value);
                client.put("mode", "limit");
                client.put("route", value);
                cases.add(arguments(action + " identity=" + shown, action, client));
            }
        }
        return cases.stream();
    }

    private static Map<String, String> validPolicy() {
        Map<String, String> form = new HashMap<>();
        form.put("name", "hostile");
        form.put("algorithm", "fixed_window");
        form.put("onRedisFailure", "allow");
        form.put("quota0", "1000");
        form.put("window0", "1m");
        return form;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("hostileFormValues")
    @Order(5)
    void hostileFormValuesAreRefusedOrStoredVerbatimNeverEvaluatedOrUnescaped(String what, String action,
                                                                             Map<String, String> form) {
        Http.Answer answer = operator.post(action, form);
        Figures.answer(SUITE, "POST " + what, answer);

        assertThat(answer.status()).as("%s", answer).isIn(303, 400, 413);
        assertNothingUnescapedOrEvaluated(answer);
        if (answer.status() == 303) {
            assertNothingUnescapedOrEvaluated(operator.get(answer.header("Location").orElseThrow()));
        }
    }

    static Stream<Arguments> hostileQueries() {
        return Stream.of("/?prefix=" + encode(SCRIPT), "/?prefix=.*&order=" + encode(SCRIPT), "/?page=-1", "/?page=abc",
                "/?page=99999999999999", "/?size=1000000", "/windows/live?prefix=" + encode("[[${7*191}]]"),
                "/clients?page=-5", "/clients?page=2147483648", "/clients/view?identity=" + encode(SCRIPT),
                "/clients/view?identity=" + encode("x".repeat(5000)), "/clients/view", "/audit?page=-1",
                "/policies/route?route=" + encode(SCRIPT), "/policies/route?route=" + encode("GET /{code}\r\nX: y"),
                "/overview?node=" + encode("http://169.254.169.254/"), "/static/../application.yml",
                "/static/%2e%2e/%2e%2e/application.yml", "/js/..%2f..%2fapplication.yml", "/" + "a".repeat(3000))
                .map(Arguments::of);
    }

    @ParameterizedTest(name = "GET {0}")
    @MethodSource("hostileQueries")
    @Order(6)
    void hostileQueriesAndPathsAreAnsweredWithoutErrorsOrLeaks(String path) {
        Http.Answer answer = operator.get(path);
        Figures.answer(SUITE, "GET " + path.substring(0, Math.min(path.length(), 80)), answer);

        assertThat(answer.status()).as("%s", answer).isIn(200, 400, 404, 413);
        assertNothingUnescapedOrEvaluated(answer);
        assertThat(answer.body()).doesNotContain("password-hash").doesNotContain("datasources");
    }

    @Test
    @Order(7)
    void afterTheCorpusEveryPolicyStillReadsAndTheNodeStillServes() {
        RateLimiterAdmin admin = node.bean(RateLimiterAdmin.class);

        assertThat(admin.defaultPolicy()).isPresent();
        admin.routePolicies().forEach(route -> assertThat(route.policy().name()).isNotBlank());
        assertThat(admin.clientRules(0, 500).items()).allSatisfy(rule ->
                assertThat(rule.identity()).doesNotContainPattern("[\\s\\p{Cntrl}]").hasSizeLessThanOrEqualTo(200));
        assertThat(Http.get(node.uri(), "/", "X-Forwarded-For", "198.51.100.77").status()).isIn(200, 429);
        assertThat(operator.get("/audit").status()).isEqualTo(200);
        assertThat(operator.get("/policies").status()).isEqualTo(200);
        assertThat(operator.get("/clients").status()).isEqualTo(200);
    }

    @Test
    @Order(8)
    void hostileSignInsAreRefusedAndWriteNothingIntoTheLog() {
        String forged = "12:00:00.000 INFO  [main] i.r.a.s.SignInController - signed in: user=admin";
        Map<String, Http.Answer> answers = new LinkedHashMap<>();
        answers.put("a username that forges a log line", signIn("nobody\n" + forged, "x"));
        answers.put("a username with a carriage return", signIn("nobody\r" + forged, "x"));
        answers.put("SQL in the username", signIn("admin' OR '1'='1' --", "x"));
        answers.put("a 60 KB password", signIn(USERNAME + "x", "p".repeat(60_000)));
        answers.forEach((what, answer) -> {
            Figures.answer(SUITE, "sign-in, " + what, answer);
            assertThat(answer.status()).as(what).isEqualTo(401);
            assertNothingUnescapedOrEvaluated(answer);
        });
        Http.Answer huge = signIn("u".repeat(100_000), "x");
        Figures.answer(SUITE, "sign-in, a 100 KB username", huge);
        assertThat(huge.status()).isEqualTo(413);

        assertThat(console.log().lines()).as("the console's log").noneMatch(line -> line.startsWith(forged.substring(0, 20)));
    }

    @Test
    @Order(9)
    void aFloodOfSignInPageLoadsMakesNoSessionAndLeavesTheOperatorSignedIn() {
        long began = System.nanoTime();
        for (int i = 0; i < SIGN_IN_PAGE_LOADS; i++) {
            assertThat(new ConsoleSession(console.uri()).get("/login").status()).isEqualTo(200);
            if (i % 10 == 0) {
                assertThat(operator.get("/windows/live", "HX-Request", "true").status()).as("poll %d", i).isEqualTo(200);
            }
        }
        Figures.report(SUITE, SIGN_IN_PAGE_LOADS + " sign-in page loads (none makes a session)",
                Figures.millis(System.nanoTime() - began) + " ms; the polling operator stayed signed in");

        assertThat(operator.get("/").status()).isEqualTo(200);
    }

    @Test
    @Order(10)
    void afterTooManyFailuresEvenTheRightPasswordIsRefusedForAWhile() {
        for (int i = 0; i < 5; i++) {
            signIn(USERNAME, "wrong " + i);
        }

        Http.Answer right = signIn(USERNAME, PASSWORD);

        assertThat(right.status()).isEqualTo(429);
        assertThat(right.header("Retry-After")).isPresent();
        assertThat(operator.get("/").status()).as("a session from before stays signed in").isEqualTo(200);
    }

    private Http.Answer signIn(String username, String password) {
        ConsoleSession visitor = new ConsoleSession(console.uri());
        visitor.get("/login");
        return visitor.post("/login", Map.of("username", username, "password", password));
    }

    private static void assertNothingUnescapedOrEvaluated(Http.Answer answer) {
        assertThat(answer.body())
                .doesNotContain(SCRIPT)
                .doesNotContain("<img src=x")
                .doesNotContain("1337")
                .doesNotContain("uid=")
                .doesNotContain("Exception")
                .doesNotContain("\tat ");
    }

    /** The limiter's state an operator can change, read through its own API on the node. */
    private Map<String, Object> snapshot() {
        RateLimiterAdmin admin = node.bean(RateLimiterAdmin.class);
        Map<String, Object> state = new HashMap<>();
        state.put("default", admin.defaultPolicy());
        state.put("routes", admin.routePolicies());
        state.put("rules", admin.clientRules(0, 500).items());
        return state;
    }

    private static String encode(String value) {
        return java.net.URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    /** The console's own command makes the hash, so this test never knows the format. */
    private static String hash(String password) {
        String java = ProcessHandle.current().info().command().orElse("java");
        try {
            Process process = new ProcessBuilder(java, "-cp", AppProcess.CONSOLE_JAR.toAbsolutePath().normalize().toString(),
                    "io.ratelimiter.admin.HashPassword").redirectError(ProcessBuilder.Redirect.INHERIT).start();
            try (OutputStream in = process.getOutputStream()) {
                in.write(password.getBytes(StandardCharsets.UTF_8));
            }
            String hash = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
            if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0 || hash.isEmpty()) {
                throw new IllegalStateException("HashPassword printed no hash");
            }
            return hash;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
