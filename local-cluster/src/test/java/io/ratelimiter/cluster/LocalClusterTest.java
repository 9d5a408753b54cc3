package io.ratelimiter.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.ratelimiter.realservers.FreePorts;
import io.ratelimiter.realservers.answers.ShortenerAnswers;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Runs the launcher as a user does (after the build): a separate process with two API nodes, then stops it the way
 * Ctrl-C does and starts it again. The steps build on each other, so they run in order.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class LocalClusterTest {

    private static final Path REPOSITORY = Path.of("..").toAbsolutePath().normalize();

    /** Under target/, so that the nodes' logs are there to read when a step fails; cleaned by the next build. */
    private final Path data = Path.of("target", "local-cluster-test-" + ProcessHandle.current().pid()).toAbsolutePath();

    private final HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();
    /**
     * Load balancer, the two nodes (the launcher numbers them from the first), console, Redis, PostgreSQL, the two
     * nodes' management ports, the console's.
     */
    private final List<Integer> ports = ports();
    private final List<String> output = new CopyOnWriteArrayList<>();
    private Process launcher;
    private String shortCode;

    @Test
    @Order(1)
    void startsEveryProcessAndSaysWhereTheyRun() {
        launcher = startLauncher();

        assertThat(output).anySatisfy(line -> assertThat(line).contains("API node 1").contains(":" + nodePort(1)));
        assertThat(output).anySatisfy(line -> assertThat(line).contains("Admin console").contains("sign in as admin / "));
        assertThat(get(nodePort(1), "/").body()).contains("running");
        assertThat(get(nodePort(2), "/").body()).contains("running");
    }

    @Test
    @Order(2)
    void aStatusFileSaysWhereEachPartRunsForPrograms() {
        ClusterStatus status = ClusterStatus.read(data).orElseThrow();

        assertThat(status.running()).isTrue();
        assertThat(status.pid()).isEqualTo(launcher.pid());
        assertThat(status.frontDoor()).isEqualTo("http://localhost:" + frontDoor() + "/");
        assertThat(status.nodes()).containsExactly(
                new ClusterStatus.Service("http://localhost:" + nodePort(1) + "/", "http://localhost:" + managementPort(1) + "/"),
                new ClusterStatus.Service("http://localhost:" + nodePort(2) + "/", "http://localhost:" + managementPort(2) + "/"));
        assertThat(status.console()).isEqualTo(
                new ClusterStatus.Service("http://localhost:" + ports.get(3) + "/", "http://localhost:" + ports.get(8) + "/"));
        assertThat(status.redis()).isEqualTo("redis://127.0.0.1:" + ports.get(4));
        assertThat(status.postgres()).startsWith("jdbc:postgresql://").contains(":" + ports.get(5) + "/");
        assertThat(get(managementPort(2), "/health").statusCode()).isEqualTo(200);
    }

    @Test
    @Order(2)
    void healthAndMetricsAnswerOnlyOnTheManagementPortsAsInTheDeployments() {
        for (int node = 1; node <= 2; node++) {
            assertThat(get(managementPort(node), "/health").statusCode()).isEqualTo(200);
            assertThat(get(managementPort(node), "/prometheus").body()).contains("ratelimiter_");
            assertThat(get(nodePort(node), "/health").statusCode()).isEqualTo(404);
            assertThat(get(nodePort(node), "/prometheus").statusCode()).isEqualTo(404);
        }
        assertThat(get(ports.get(8), "/health").statusCode()).isEqualTo(200);
        assertThat(output).anySatisfy(line -> assertThat(line).contains("API node 1")
                .contains("health, metrics http://localhost:" + managementPort(1)));
    }

    @Test
    @Order(2)
    void aLinkMadeThroughTheFrontDoorRedirectsOnEveryNode() {
        HttpResponse<String> shortened = post(frontDoor(), "/shorten", "url=https://example.org/local-cluster");
        assertThat(shortened.statusCode()).as(shortened.body()).isEqualTo(200);
        shortCode = ShortenerAnswers.code(shortened.body()).orElseThrow();

        for (int port : List.of(nodePort(1), nodePort(2))) {
            HttpResponse<String> redirect = get(port, "/" + shortCode);
            assertThat(redirect.statusCode()).isEqualTo(302);
            assertThat(redirect.headers().firstValue("Location")).hasValue("https://example.org/local-cluster");
        }
    }

    @Test
    @Order(3)
    void theShortenLimitIsOneLimitForTheWholeCluster() {
        List<Integer> statuses = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            int port = i % 2 == 0 ? frontDoor() : nodePort(1 + i % 2);
            statuses.add(post(port, "/shorten", "url=https://example.org/limited/" + i).statusCode());
        }

        // The link of the previous step used one of the ten per minute.
        assertThat(statuses.subList(0, 9)).containsOnly(200);
        assertThat(statuses.get(9)).isEqualTo(429);
    }

    @Test
    @Order(4)
    void stoppingLikeCtrlCLeavesNoProcessAndNoPortBehind() throws Exception {
        List<ProcessHandle> started = launcher.descendants().toList();
        assertThat(started).isNotEmpty();

        launcher.destroy();

        assertThat(launcher.waitFor(60, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            assertThat(started).noneMatch(ProcessHandle::isAlive);
            assertThat(ports).allMatch(FreePorts::isFree);
        });
        assertThat(data.resolve("run").resolve("pids")).as("the list of processes to clean up after a crash").doesNotExist();
        assertThat(ClusterStatus.read(data)).hasValueSatisfying(status -> assertThat(status.state()).isEqualTo(ClusterStatus.STOPPED));
    }

    @Test
    @Order(5)
    void aRestartFindsTheLinksOfTheRunBefore() {
        launcher = startLauncher();

        HttpResponse<String> redirect = get(nodePort(2), "/" + shortCode);

        assertThat(redirect.statusCode()).isEqualTo(302);
        assertThat(redirect.headers().firstValue("Location")).hasValue("https://example.org/local-cluster");
    }

    @Test
    @Order(6)
    void aStartAfterACrashFirstStopsWhatTheCrashedRunLeftBehind() {
        List<ProcessHandle> orphans = launcher.descendants().filter(ProcessHandle::isAlive).toList();
        launcher.destroyForcibly();
        await().atMost(Duration.ofSeconds(30)).until(() -> !launcher.isAlive());
        assertThat(orphans).as("kill -9 gives the children no chance to stop").anyMatch(ProcessHandle::isAlive);

        launcher = startLauncher();

        assertThat(orphans).noneMatch(ProcessHandle::isAlive);
        assertThat(get(nodePort(1), "/").statusCode()).isEqualTo(200);
    }

    @AfterAll
    void stopLauncher() throws InterruptedException {
        if (launcher != null && launcher.isAlive()) {
            launcher.destroy();
            launcher.waitFor(60, java.util.concurrent.TimeUnit.SECONDS);
        }
    }

    private Process startLauncher() {
        output.clear();
        try {
            String classpath = Path.of("target", "classes").toAbsolutePath() + ":"
                    + Files.readString(Path.of("target", "launcher.classpath")).strip();
            String java = ProcessHandle.current().info().command().orElse("java");
            Process process = new ProcessBuilder(java, "-cp", classpath,
                    LocalCluster.class.getName(), "--nodes=2",
                    "--lb-port=" + ports.get(0), "--first-node-port=" + ports.get(1),
                    "--admin-port=" + ports.get(3), "--redis-port=" + ports.get(4), "--postgres-port=" + ports.get(5),
                    "--first-management-port=" + ports.get(6), "--admin-management-port=" + ports.get(8),
                    "--data-dir=" + data)
                    .directory(REPOSITORY.toFile())
                    .redirectErrorStream(true)
                    .start();
            Thread reader = new Thread(() -> copyLines(process), "launcher-output");
            reader.setDaemon(true);
            reader.start();
            await().atMost(Duration.ofMinutes(4)).pollInterval(Duration.ofMillis(250)).until(() ->
                    output.stream().anyMatch(line -> line.contains("The cluster runs")) || !process.isAlive());
            assertThat(process.isAlive()).as("the launcher exited:%n%s", String.join("\n", output)).isTrue();
            return process;
        } catch (IOException e) {
            throw new IllegalStateException("could not start the launcher", e);
        }
    }

    private void copyLines(Process process) {
        try (BufferedReader lines = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = lines.readLine()) != null) {
                output.add(line);
                System.out.println("[launcher] " + line);
            }
        } catch (IOException ignored) {
            // The process ended.
        }
    }

    /** nginx's port when the machine has nginx, else the first node (the launcher runs without a balancer then). */
    private int frontDoor() {
        return LoadBalancer.findNginx().isPresent() ? ports.get(0) : nodePort(1);
    }

    private int nodePort(int node) {
        return ports.get(1) + node - 1;
    }

    private HttpResponse<String> get(int port, String path) {
        return send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).GET());
    }

    private HttpResponse<String> post(int port, String path, String form) {
        return send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form)));
    }

    private HttpResponse<String> send(HttpRequest.Builder request) {
        try {
            return http.send(request.timeout(Duration.ofSeconds(15)).build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private int managementPort(int node) {
        return ports.get(6) + node - 1;
    }

    private static List<Integer> ports() {
        int firstNode = FreePorts.consecutive(2);
        int firstManagement = FreePorts.consecutive(2);
        return List.of(FreePorts.next(), firstNode, firstNode + 1, FreePorts.next(), FreePorts.next(), FreePorts.next(),
                firstManagement, firstManagement + 1, FreePorts.next());
    }
}
