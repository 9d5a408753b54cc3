package io.ratelimiter.admin.browser;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.deque.html.axecore.results.CheckedNode;
import com.deque.html.axecore.results.Results;
import com.deque.html.axecore.results.Rule;
import com.deque.html.axecore.selenium.AxeBuilder;
import io.micronaut.context.ApplicationContext;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.micronaut.test.support.TestPropertyProvider;
import io.ratelimiter.admin.ConsoleClient;
import io.ratelimiter.admin.ManageOperatorsCommand;
import io.ratelimiter.admin.ShortenerNode;
import io.ratelimiter.admin.TestConsole;
import io.ratelimiter.realservers.PostgresDatabase;
import io.ratelimiter.realservers.RealServers;
import jakarta.inject.Inject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.awaitility.core.ConditionFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.openqa.selenium.By;
import org.openqa.selenium.Cookie;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.Keys;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.interactions.Actions;
import org.openqa.selenium.support.ui.Select;

/**
 * The console in a real browser: Debian's headless Chromium, driven through Debian's chromedriver (never a
 * downloaded one), against a running shortener node whose limiter shares the console's Redis.
 */
@MicronautTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class BrowserTest implements TestPropertyProvider {

    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    private static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
    private static final Path SCREENSHOTS = Path.of("target", "screenshots");
    private static final String CLIENT = "198.18.0.77";
    private static final String CLIENT_OF_AXE = "198.18.0.78";

    @Inject
    EmbeddedServer server;

    private final ShortenerNode node = ShortenerNode.shared();
    private WebDriver browser;
    private Path profile;

    private final PostgresDatabase database = RealServers.postgres().createDatabase("console");
    private Map<String, String> properties;

    @Override
    public Map<String, String> getProperties() {
        if (properties == null) {
            properties = new HashMap<>(TestConsole.onDatabase(database, ShortenerNode.KEY_PREFIX));
            properties.put("admin.sign-in.free-attempts-per-account", "3");
            properties.put("admin.sign-in.first-delay", "10m");
        }
        return properties;
    }

    @BeforeAll
    void startBrowser() throws IOException {
        Assumptions.assumeTrue(Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER),
                "SKIPPED: the browser test needs Debian's chromium and chromium-driver (/usr/bin/chromium, "
                        + "/usr/bin/chromedriver); install them with apt-get install chromium chromium-driver");
        profile = Files.createTempDirectory("console-chromium-");
        ChromeDriverService driver = new ChromeDriverService.Builder()
                .usingDriverExecutable(CHROMEDRIVER.toFile())
                .usingAnyFreePort()
                .build();
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run",
                "--window-size=1440,900", "--user-data-dir=" + profile);
        browser = new ChromeDriver(driver, options);
        browser.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(30));
    }

    @AfterAll
    void stopBrowser() throws IOException {
        if (browser != null) {
            browser.quit();
        }
        if (profile != null) {
            try (var files = Files.walk(profile)) {
                files.sorted((a, b) -> b.compareTo(a)).forEach(path -> path.toFile().delete());
            }
        }
    }

    @Test
    void anOperatorWatchesAClientFillItsWindowThenLowersItsLimitUntilTheNodeRefuses() throws IOException {
        browser.manage().deleteAllCookies();
        signIn();
        for (int i = 1; i <= 4; i++) {
            for (int request = 0; request < i * 3; request++) {
                node.shortenAs("198.18.1." + i);
            }
        }

        browser.findElement(By.name("q")).sendKeys(CLIENT);
        browser.findElement(By.cssSelector("form.search button")).click();
        await().atMost(Duration.ofSeconds(10)).until(() -> browser.getCurrentUrl().contains("q=" + CLIENT));
        ((JavascriptExecutor) browser).executeScript("window.stillTheSamePage = true;");

        assertThat(node.shortenAs(CLIENT)).isEqualTo(200);
        assertThat(node.shortenAs(CLIENT)).isEqualTo(200);
        livePage().until(() -> usedShownFor(CLIENT).equals("2"));
        for (int i = 0; i < 3; i++) {
            assertThat(node.shortenAs(CLIENT)).isEqualTo(200);
        }
        livePage().until(() -> usedShownFor(CLIENT).equals("5"));

        assertThat(((JavascriptExecutor) browser).executeScript("return window.stillTheSamePage === true;"))
                .as("the table updated without reloading the page").isEqualTo(true);

        browser.get(server.getURI().resolve("/").toString());
        livePage().until(() -> !browser.findElements(rowOf(CLIENT)).isEmpty());
        screenshot("dashboard.png");

        livePage().until(() -> {
            browser.findElement(rowOf(CLIENT)).findElement(By.tagName("a")).click();
            return true;
        });
        await().atMost(Duration.ofSeconds(10)).until(() -> browser.getCurrentUrl().contains("/clients/view"));
        new Select(browser.findElement(By.name("mode"))).selectByValue("limit");
        replace(By.name("name"), "lowered");
        new Select(browser.findElement(By.name("algorithm"))).selectByValue("fixed_window");
        replace(By.name("quota0"), "3");
        replace(By.name("window0"), "1m");
        browser.findElement(By.cssSelector("#rule button[type=submit]")).click();
        await().atMost(Duration.ofSeconds(10)).until(() -> browser.getPageSource().contains("Saved the rule of " + CLIENT));
        screenshot("client.png");

        List<Integer> answers = List.of(node.shortenAs(CLIENT), node.shortenAs(CLIENT), node.shortenAs(CLIENT),
                node.shortenAs(CLIENT));
        assertThat(answers).containsExactly(200, 200, 200, 429);
    }

    @Test
    void everyPagePassesAxeCoreWithNoViolation() {
        browser.manage().deleteAllCookies();
        browser.get(server.getURI().resolve("/login").toString());
        List<String> violations = new ArrayList<>(axe("/login"));
        signIn();
        node.shortenAs(CLIENT_OF_AXE);
        for (String page : List.of("/", "/?q=198.18.", "/overview", "/policies", "/policies/default", "/policies/route",
                "/policies/route?route=POST%20/shorten", "/clients", "/clients/view?identity=" + CLIENT_OF_AXE,
                "/audit", "/no/such/page")) {
            browser.get(server.getURI().resolve(page).toString());
            violations.addAll(axe(page));
        }
        // A form sent back with its problems shown beside the fields.
        browser.get(server.getURI().resolve("/policies/default").toString());
        replace(By.name("window0"), "forever");
        browser.findElement(By.cssSelector("form.card button[type=submit]")).click();
        await().atMost(Duration.ofSeconds(10)).until(() -> browser.getPageSource().contains("Not saved"));
        violations.addAll(axe("/policies/default with errors"));

        assertThat(violations).as("axe-core violations").isEmpty();
    }

    @Test
    void anOperatorSignsInAndSavesARoutePolicyWithTheKeyboardAlone() {
        browser.manage().deleteAllCookies();
        signIn();
        browser.get(server.getURI().resolve("/policies").toString());

        tabTo(By.linkText("Add a route policy")).sendKeys(Keys.ENTER);
        await().atMost(Duration.ofSeconds(10)).until(() -> browser.getCurrentUrl().endsWith("/policies/route"));
        tabTo(By.name("route")).sendKeys("GET /keyboard");
        tabTo(By.name("name")).sendKeys("keyboard");
        tabTo(By.name("algorithm")).sendKeys("f");
        tabTo(By.name("quota0")).sendKeys("7");
        tabTo(By.name("window0")).sendKeys("1m");
        tabTo(By.cssSelector("form.card button[type=submit]")).sendKeys(Keys.ENTER);

        await().atMost(Duration.ofSeconds(10)).until(() ->
                browser.getPageSource().contains("Saved the policy of GET /keyboard: keyboard: fixed_window 7/1m"));
    }

    @Test
    void aSessionSignedInOnOneConsoleInstanceIsSignedInOnAnotherAndSigningOutThereEndsItHere() {
        browser.manage().deleteAllCookies();
        signIn();
        try (EmbeddedServer second = ApplicationContext.run(EmbeddedServer.class, new HashMap<>(properties))) {
            // Cookies do not tell ports apart: the browser sends its session to both instances, as to one behind a
            // load balancer.
            browser.get(second.getURI().resolve("/policies").toString());
            assertThat(browser.findElement(By.tagName("h1")).getText()).isEqualTo("Policies");
            Cookie session = browser.manage().getCookieNamed("CONSOLE_SESSION");

            browser.findElement(By.cssSelector("form.signout button")).click();
            await().atMost(Duration.ofSeconds(10)).until(() -> browser.getCurrentUrl().endsWith("/login"));
            // The browser dropped its cookie; one kept elsewhere must be worthless too.
            browser.manage().addCookie(session);
        }
        browser.get(server.getURI().resolve("/").toString());
        assertThat(browser.getCurrentUrl()).endsWith("/login");
    }

    @Test
    void aViewerSeesThePoliciesButNoFormToChangeThem() {
        ManageOperatorsCommand.add(database, "ivan", "viewer", "patient observer of limits");
        browser.manage().deleteAllCookies();
        signIn("ivan", "patient observer of limits");

        browser.get(server.getURI().resolve("/policies").toString());

        assertThat(browser.findElement(By.cssSelector("header .operator")).getText()).isEqualTo("ivan (viewer)");
        assertThat(browser.findElements(By.cssSelector("main form"))).isEmpty();
        assertThat(browser.findElements(By.linkText("Add a route policy"))).isEmpty();
        assertThat(browser.getPageSource()).contains("You are signed in as a viewer");
    }

    @Test
    void repeatedWrongPasswordsMakeTheFormSayHowLongToWait() {
        browser.manage().deleteAllCookies();
        for (int i = 0; i < 4; i++) {
            browser.get(server.getURI().resolve("/login").toString());
            browser.findElement(By.name("username")).sendKeys("judy", Keys.TAB);
            browser.switchTo().activeElement().sendKeys("wrong guess " + i, Keys.ENTER);
            await().atMost(Duration.ofSeconds(10)).until(() -> browser.findElements(By.cssSelector(".notice.error"))
                    .size() == 1);
        }

        assertThat(browser.findElement(By.cssSelector(".notice.error")).getText())
                .startsWith("Too many sign-in attempts for this user or from this address; try again in");
    }

    @Test
    void theOverviewChartsDecisionsPerSecondAndRedrawsThemLive() throws IOException {
        browser.manage().deleteAllCookies();
        signIn();
        ConsoleClient operator = new ConsoleClient(server.getURI()).signedIn();
        operator.post("/clients/rule", Map.of("identity", "198.18.4.1", "mode", "limit", "name", "tight",
                "algorithm", "fixed_window", "onRedisFailure", "allow", "quota0", "2", "window0", "1m"));
        for (int i = 0; i < 12; i++) {
            node.shortenAs("198.18.2." + (i % 4));
            node.shortenAs("198.18.4.1");
        }
        browser.get(server.getURI().resolve("/overview").toString());
        String before = allowedLine();

        for (int i = 0; i < 30; i++) {
            node.shortenAs("198.18.3." + (i % 5));
        }
        livePage().until(() -> !allowedLine().equals(before));
        assertThat(browser.findElements(By.cssSelector("svg.line-chart polyline.series"))).hasSize(3);
        assertThat(browser.findElement(By.cssSelector("svg.line-chart desc")).getAttribute("textContent"))
                .contains("allowed").contains("denied").contains("shadow denied");
        screenshot("overview.png");
    }

    private String allowedLine() {
        List<WebElement> lines = browser.findElements(By.cssSelector("svg.line-chart polyline.allowed"));
        return lines.isEmpty() ? "" : lines.get(0).getAttribute("points");
    }

    /** Every violation axe-core finds on the page in the browser, as one line each. */
    private List<String> axe(String page) {
        Results results = new AxeBuilder().analyze(browser);
        List<String> found = new ArrayList<>();
        for (Rule rule : results.getViolations()) {
            found.add(page + ": " + rule.getId() + " (" + rule.getImpact() + "): " + rule.getHelp() + " at "
                    + rule.getNodes().stream().map(CheckedNode::getTarget).map(String::valueOf)
                    .collect(Collectors.joining(", ")));
        }
        return found;
    }

    /** Presses Tab until {@code target} has the focus: proves it is reachable from the keyboard. */
    private WebElement tabTo(By target) {
        WebElement wanted = browser.findElement(target);
        for (int presses = 0; presses < 60; presses++) {
            if (wanted.equals(browser.switchTo().activeElement())) {
                return wanted;
            }
            new Actions(browser).sendKeys(Keys.TAB).perform();
        }
        throw new AssertionError(target + " never got the focus from the Tab key");
    }

    private void signIn() {
        signIn(TestConsole.USERNAME, TestConsole.PASSWORD);
    }

    /** Signs in from the keyboard: the name field has the focus, Tab to the password, Enter sends. */
    private void signIn(String username, String password) {
        browser.get(server.getURI().resolve("/").toString());
        assertThat(browser.getCurrentUrl()).endsWith("/login");
        WebElement focused = browser.switchTo().activeElement();
        assertThat(focused.getAttribute("name")).as("the focus on arrival").isEqualTo("username");
        focused.sendKeys(username, Keys.TAB);
        browser.switchTo().activeElement().sendKeys(password, Keys.ENTER);
        await().atMost(Duration.ofSeconds(10)).until(() -> browser.findElements(By.id("live")).size() == 1);
    }

    /** The table is replaced every second: an element found just before a refresh goes stale, so look again. */
    private static ConditionFactory livePage() {
        return await().atMost(Duration.ofSeconds(10)).ignoreException(StaleElementReferenceException.class);
    }

    private String usedShownFor(String client) {
        List<WebElement> rows = browser.findElements(rowOf(client));
        return rows.isEmpty() ? "" : rows.get(0).findElement(By.cssSelector("td.used")).getText();
    }

    private static By rowOf(String client) {
        return By.cssSelector("tr[data-identity='" + client + "']");
    }

    private void replace(By field, String value) {
        WebElement input = browser.findElement(field);
        input.clear();
        input.sendKeys(value);
    }

    private void screenshot(String name) throws IOException {
        Files.createDirectories(SCREENSHOTS);
        Path shot = ((TakesScreenshot) browser).getScreenshotAs(OutputType.FILE).toPath();
        Files.copy(shot, SCREENSHOTS.resolve(name), StandardCopyOption.REPLACE_EXISTING);
    }
}
