package io.ratelimiter.admin.signin;

import static org.assertj.core.api.Assertions.assertThat;

import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.micronaut.test.support.TestPropertyProvider;
import io.ratelimiter.admin.ConsoleClient;
import io.ratelimiter.admin.TestConsole;
import jakarta.inject.Inject;
import java.net.HttpCookie;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

@MicronautTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SignInTest implements TestPropertyProvider {

    @Inject
    EmbeddedServer server;

    @Override
    public Map<String, String> getProperties() {
        return TestConsole.properties("console-signin");
    }

    private ConsoleClient browser() {
        return new ConsoleClient(server.getURI());
    }

    @Test
    void everyPageSendsABrowserWithoutSessionToTheSignInForm() {
        ConsoleClient anonymous = browser();
        for (String page : new String[]{"/", "/overview", "/policies", "/policies/default", "/clients", "/audit",
                "/clients/view?identity=203.0.113.7"}) {
            ConsoleClient.Response response = anonymous.get(page);
            assertThat(response.status()).as(page).isEqualTo(303);
            assertThat(response.location()).as(page).isEqualTo("/login");
        }
    }

    @Test
    void aBackgroundPollWithoutSessionIsToldToGoToTheSignInForm() {
        ConsoleClient.Response response = browser().htmx("/windows/live");

        assertThat(response.status()).isEqualTo(401);
        assertThat(response.header("HX-Redirect")).isEqualTo("/login");
        assertThat(response.body()).doesNotContain("<table");
    }

    @Test
    void actionsWithoutSessionChangeNothing() {
        ConsoleClient anonymous = browser();
        anonymous.get("/login");

        ConsoleClient.Response response = anonymous.post("/clients/block", Map.of("identity", "203.0.113.9"));

        assertThat(response.status()).isEqualTo(303);
        assertThat(response.location()).isEqualTo("/login");
    }

    @Test
    void theRightCredentialsOpenTheConsoleWithAStrictHttpOnlySessionCookie() {
        ConsoleClient operator = browser();

        ConsoleClient.Response response = operator.signIn(TestConsole.USERNAME, TestConsole.PASSWORD);

        assertThat(response.status()).isEqualTo(303);
        assertThat(response.location()).isEqualTo("/");
        String setCookie = response.headers().allValues("Set-Cookie").stream()
                .filter(c -> c.startsWith("CONSOLE_SESSION=")).findFirst().orElseThrow();
        assertThat(setCookie).containsIgnoringCase("HttpOnly").containsIgnoringCase("SameSite=Strict");
        ConsoleClient.Response dashboard = operator.get("/");
        assertThat(dashboard.status()).isEqualTo(200);
        assertThat(dashboard.body()).contains("Live windows").contains(TestConsole.USERNAME);
    }

    @Test
    void theSignInFormMakesNoSessionItsTokenTravelsInAStrictCookieOfItsOwn() {
        ConsoleClient visitor = browser();

        ConsoleClient.Response form = visitor.get("/login");

        assertThat(form.headers().allValues("Set-Cookie")).noneMatch(c -> c.startsWith("CONSOLE_SESSION="))
                .anySatisfy(c -> assertThat(c).startsWith("CONSOLE_SIGN_IN=").containsIgnoringCase("HttpOnly")
                        .containsIgnoringCase("SameSite=Strict").contains("Path=/login"));
        assertThat(sessionId(visitor)).isEmpty();
    }

    /** A session id as the console's cookies encode them (base64), chosen by an attacker. */
    private static final String PLANTED = Base64.getEncoder().encodeToString("planted-by-an-attacker".getBytes());

    @Test
    void aSessionIdPlantedBeforeSignInIsNotTheOneSigningInGives() {
        ConsoleClient operator = browser();
        operator.get("/login");
        HttpCookie planted = new HttpCookie("CONSOLE_SESSION", PLANTED);
        planted.setPath("/");
        operator.cookieStore().add(server.getURI(), planted);

        ConsoleClient.Response signedIn = operator.post("/login",
                Map.of("username", TestConsole.USERNAME, "password", TestConsole.PASSWORD));

        assertThat(signedIn.status()).as(signedIn.body()).isEqualTo(303);
        String given = signedIn.headers().allValues("Set-Cookie").stream().filter(c -> c.startsWith("CONSOLE_SESSION="))
                .findFirst().orElseThrow().split(";")[0].substring("CONSOLE_SESSION=".length());
        assertThat(given).hasSizeGreaterThanOrEqualTo(32).isNotEqualTo(PLANTED);
    }

    @Test
    void aWrongPasswordIsRefusedOnTheForm() {
        ConsoleClient.Response response = browser().signIn(TestConsole.USERNAME, "not the password");

        assertThat(response.status()).isEqualTo(401);
        assertThat(response.body()).contains("Wrong username or password.");
    }

    @Test
    void anUnknownUserIsRefusedLikeAWrongPassword() {
        ConsoleClient.Response response = browser().signIn("root", TestConsole.PASSWORD);

        assertThat(response.status()).isEqualTo(401);
        assertThat(response.body()).contains("Wrong username or password.");
    }

    @Test
    void aSignInWithoutTheFormsCsrfTokenIsRefused() {
        ConsoleClient attacker = browser();

        ConsoleClient.Response response = attacker.postWithoutToken("/login",
                Map.of("username", TestConsole.USERNAME, "password", TestConsole.PASSWORD));

        assertThat(response.status()).isEqualTo(401);
        assertThat(response.body()).contains("without its security token");
        assertThat(attacker.get("/").location()).isEqualTo("/login");
    }

    @Test
    void signingOutEndsTheSession() {
        ConsoleClient operator = browser().signedIn();

        ConsoleClient.Response response = operator.post("/logout", Map.of());

        assertThat(response.status()).isEqualTo(303);
        assertThat(response.location()).isEqualTo("/login");
        assertThat(operator.get("/").location()).isEqualTo("/login");
    }

    @Test
    void signingOutWithoutTheCsrfTokenIsRefused() {
        ConsoleClient operator = browser().signedIn();

        ConsoleClient.Response response = operator.postWithoutToken("/logout", Map.of());

        assertThat(response.status()).isEqualTo(403);
        assertThat(operator.get("/").status()).isEqualTo(200);
    }

    @Test
    void pagesCarryTheSecurityHeaders() {
        ConsoleClient.Response response = browser().get("/login");

        assertThat(response.header("Content-Security-Policy"))
                .contains("script-src 'self'").contains("frame-ancestors 'none'").doesNotContain("unsafe-inline");
        assertThat(response.header("X-Frame-Options")).isEqualTo("DENY");
        assertThat(response.header("X-Content-Type-Options")).isEqualTo("nosniff");
        assertThat(response.header("Referrer-Policy")).isEqualTo("same-origin");
        assertThat(response.header("Cache-Control")).isEqualTo("no-store");
    }

    @Test
    void theStylesheetAndHtmxAreServedByTheConsoleItself() {
        ConsoleClient anonymous = browser();

        ConsoleClient.Response css = anonymous.get("/static/console.css");
        ConsoleClient.Response htmx = anonymous.get("/js/htmx.min.js");

        assertThat(css.status()).isEqualTo(200);
        assertThat(css.body()).contains("table.data");
        assertThat(htmx.status()).isEqualTo(200);
        assertThat(htmx.body()).contains("htmx");
    }

    @Test
    void healthIsOpenForProbes() {
        ConsoleClient.Response health = browser().get("/health");

        assertThat(health.status()).isEqualTo(200);
        assertThat(health.body()).contains("UP");
    }

    private static String sessionId(ConsoleClient client) {
        return client.cookies().stream().filter(c -> c.getName().equals("CONSOLE_SESSION"))
                .map(HttpCookie::getValue).findFirst().orElse("");
    }
}
