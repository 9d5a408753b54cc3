package io.ratelimiter.deploychecks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.ratelimiter.realservers.ServiceProcess;
import io.ratelimiter.realservers.FreePorts;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * deploy/nginx/ratelimiter.conf.template: one file rendered three ways (envsubst in the nginx image, Terraform's
 * templatefile() on the load-balancer VM, a string replace in the local launcher) to the same config, which nginx
 * accepts and which forwards the client's address and passes the limiter's answers through untouched.
 */
class NginxTemplateTest {

    private static final List<String> UPSTREAMS = List.of("127.0.0.1:18081", "127.0.0.1:18082");

    @TempDir
    Path dir;

    @Test
    void theTemplateHasExactlyTheDocumentedPlaceholdersAndNoOtherTemplateSyntax() {
        String template = NginxTemplate.text();

        assertThat(NginxTemplate.placeholdersIn(template)).containsExactlyInAnyOrderElementsOf(NginxTemplate.PLACEHOLDERS);
        assertThat(template).as("Terraform template directives or escapes").doesNotContain("%{", "$${");
    }

    @Test
    void renderingFillsEveryPlaceholder() {
        String rendered = NginxTemplate.render(8080, UPSTREAMS);

        assertThat(NginxTemplate.placeholdersIn(rendered)).isEmpty();
        assertThat(rendered).contains("listen 8080 default_server;", "server 127.0.0.1:18081;", "server 127.0.0.1:18082;");
    }

    @Test
    void theConfigForwardsTheClientAddressKeepsConnectionsOpenAndNeverRetriesALimitAnswer() {
        String template = NginxTemplate.text();

        assertThat(template).contains(
                "proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;",
                "proxy_set_header X-Real-IP $remote_addr;",
                "proxy_http_version 1.1;",
                "proxy_set_header Connection \"\";",
                "keepalive 32;",
                "location = /nginx-health",
                "proxy_intercept_errors off;");
        assertThat(template.lines().filter(line -> line.strip().startsWith("proxy_next_upstream ")))
                .singleElement().asString()
                .doesNotContain("http_429", "http_503", "non_idempotent");
    }

    @Test
    void envsubstRendersTheSameConfigAsThePlainReplace() throws IOException {
        Path envsubst = tool("envsubst");
        Path template = Files.copy(NginxTemplate.FILE, dir.resolve("ratelimiter.conf.template"));

        Tools.Result result = Tools.run(dir,
                Map.of("LISTEN_PORT", "8080", "UPSTREAM_SERVERS", NginxTemplate.upstreamServers(UPSTREAMS)),
                Duration.ofSeconds(30), Files.readString(template),
                List.of(envsubst.toString(), "${LISTEN_PORT} ${UPSTREAM_SERVERS}"));

        assertThat(result.succeeded()).as(result.output()).isTrue();
        assertThat(result.output()).isEqualTo(NginxTemplate.render(8080, UPSTREAMS));
    }

    @Test
    void terraformTemplatefileRendersTheSameConfigAsThePlainReplace() {
        Path terraform = tool("terraform");
        String upstreams = NginxTemplate.upstreamServers(UPSTREAMS).replace("\n", "\\n");
        String expression = "base64encode(templatefile(\"%s\", { LISTEN_PORT = 8080, UPSTREAM_SERVERS = \"%s\" }))\n"
                .formatted(NginxTemplate.FILE, upstreams);

        Tools.Result result = Tools.run(dir, Terraform.ENVIRONMENT, Duration.ofMinutes(1), expression,
                List.of(terraform.toString(), "console"));

        assertThat(result.succeeded()).as(result.output()).isTrue();
        String base64 = result.output().lines().filter(line -> line.startsWith("\"")).findFirst().orElseThrow()
                .replace("\"", "");
        assertThat(new String(Base64.getDecoder().decode(base64), StandardCharsets.UTF_8))
                .isEqualTo(NginxTemplate.render(8080, UPSTREAMS));
    }

    @Test
    void nginxAcceptsTheRenderedConfig() {
        Path nginx = tool("nginx");
        Path conf = NginxTemplate.writeStandaloneConfig(dir, NginxTemplate.render(FreePorts.next(), UPSTREAMS));

        Tools.Result result = NginxTemplate.test(nginx, conf);

        assertThat(result.succeeded()).as(result.output()).isTrue();
        assertThat(result.output()).contains("syntax is ok", "test is successful");
    }

    private static Path tool(String name) {
        return Tools.require(name, "this rendering check did not run here");
    }

    /** A real nginx with the rendered config in front of two small HTTP servers standing in for API nodes. */
    @Nested
    @TestInstance(TestInstance.Lifecycle.PER_CLASS)
    class ThroughARunningNginx {

        private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        private Node first;
        private Node second;
        private Process nginx;
        private URI base;

        @BeforeAll
        void start(@TempDir Path workDir) throws Exception {
            Path binary = Tools.require("nginx", "no request went through a real nginx here");
            // nginx's workers drop to an unprivileged user when started as root; they must still reach the dir.
            Files.setPosixFilePermissions(workDir, PosixFilePermissions.fromString("rwxr-xr-x"));
            first = Node.start();
            second = Node.start();
            int port = FreePorts.next();
            Path conf = NginxTemplate.writeStandaloneConfig(workDir,
                    NginxTemplate.render(port, List.of(first.hostPort(), second.hostPort())));
            nginx = new ProcessBuilder(binary.toString(), "-p", workDir.toString(), "-c", conf.toString(),
                    "-e", workDir.resolve("error.log").toString())
                    .redirectErrorStream(true).redirectOutput(workDir.resolve("nginx.out").toFile()).start();
            base = URI.create("http://127.0.0.1:" + port);
            await().atMost(Duration.ofSeconds(20))
                    .ignoreExceptions()
                    .until(() -> get("/nginx-health").statusCode() == 200);
        }

        @AfterAll
        void stop() {
            if (nginx != null) {
                ServiceProcess.stop(nginx.toHandle());
            }
            if (first != null) {
                first.stop();
            }
            if (second != null) {
                second.stop();
            }
        }

        @Test
        void theHealthLocationIsAnsweredByNginxItself() throws Exception {
            HttpResponse<String> response = get("/nginx-health");

            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(response.body()).isEqualTo("ok\n");
        }

        /**
         * Sent as raw request lines, so no client library normalises them first: what nginx must recognise after
         * decoding and resolving the path, as a node's router would.
         */
        @ParameterizedTest
        @ValueSource(strings = {"/prometheus", "/prometheus/", "/prometheus?format=text", "/prometheus;x=y",
                "/PROMETHEUS", "/Prometheus/", "/%70rometheus", "/%2Fprometheus", "//prometheus", "/./prometheus",
                "/x/../prometheus", "/health", "/health/", "/health/readiness", "/health/liveness/", "/HEALTH",
                "/%68ealth", "/%68%65%61%6c%74%68/", "/./health/", "/static/../health", "/health%2Freadiness"})
        void theNodesHealthAndMetricsAreRefusedAtTheFrontDoorHoweverTheyAreSpelled(String path) throws Exception {
            int seenBefore = first.seen.size() + second.seen.size();

            String answer = RawHttp.get(base, path);

            assertThat(answer).as(path).startsWith("HTTP/1.1 404 ");
            assertThat(first.seen.size() + second.seen.size() - seenBefore).as("requests for %s that reached a node", path)
                    .isZero();
        }

        @Test
        void everythingElseStillReachesANode() throws Exception {
            assertThat(RawHttp.get(base, "/healthy-looking-code")).startsWith("HTTP/1.1 200 ");
            assertThat(RawHttp.get(base, "/k3Jd81Qa")).startsWith("HTTP/1.1 200 ");
        }

        @Test
        void aNodeSeesTheClientAddressAppendedToWhateverTheClientClaimed() throws Exception {
            HttpResponse<String> response = client.send(HttpRequest.newBuilder(base.resolve("/echo"))
                    .header("X-Forwarded-For", "203.0.113.7").build(), HttpResponse.BodyHandlers.ofString());

            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(response.body()).contains("x-forwarded-for=203.0.113.7, 127.0.0.1", "x-real-ip=127.0.0.1");
        }

        @Test
        void aLimitAnswerArrivesUntouchedAndIsNotRetriedOnAnotherNode() throws Exception {
            int before = first.limited.get() + second.limited.get();

            HttpResponse<String> response = client.send(HttpRequest.newBuilder(base.resolve("/shorten"))
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(HttpRequest.BodyPublishers.ofString("url=https://example.org/")).build(),
                    HttpResponse.BodyHandlers.ofString());

            assertThat(response.statusCode()).isEqualTo(429);
            assertThat(response.headers().firstValue("Retry-After")).contains("17");
            assertThat(response.headers().firstValue("RateLimit")).contains("\"default\";r=0;t=17");
            assertThat(response.headers().firstValue("RateLimit-Policy")).contains("\"default\";q=10;w=60");
            assertThat(response.headers().firstValue("Content-Type")).contains("application/problem+json");
            assertThat(response.body()).isEqualTo(Node.PROBLEM);
            assertThat(first.limited.get() + second.limited.get() - before).as("nodes that answered").isEqualTo(1);
        }

        @Test
        void anUnavailableAnswerArrivesUntouchedAndIsNotRetriedOnAnotherNode() throws Exception {
            int before = first.unavailable.get() + second.unavailable.get();

            HttpResponse<String> response = get("/unavailable");

            assertThat(response.statusCode()).isEqualTo(503);
            assertThat(response.headers().firstValue("Retry-After")).contains("5");
            assertThat(response.body()).isEqualTo(Node.UNAVAILABLE);
            assertThat(first.unavailable.get() + second.unavailable.get() - before).as("nodes that answered").isEqualTo(1);
        }

        @Test
        void requestsReuseTheConnectionsToTheNodes() throws Exception {
            Set<Integer> before = new HashSet<>(first.connections);
            before.addAll(second.connections);
            int requests = 12;

            for (int i = 0; i < requests; i++) {
                assertThat(get("/echo").statusCode()).isEqualTo(200);
            }

            Set<Integer> after = new HashSet<>(first.connections);
            after.addAll(second.connections);
            after.removeAll(before);
            assertThat(after.size()).as("new connections for %d requests", requests).isLessThan(requests / 2);
        }

        private HttpResponse<String> get(String path) throws IOException, InterruptedException {
            return client.send(HttpRequest.newBuilder(base.resolve(path)).build(), HttpResponse.BodyHandlers.ofString());
        }
    }

    /** Answers as an API node would: an echo of what the proxy sent, a 429 from the limiter, a 503. */
    static final class Node {

        static final String PROBLEM = "{\"type\":\"https://iana.org/assignments/http-problem-types#quota-exceeded\","
                + "\"title\":\"Quota exceeded\",\"status\":429,\"violated-policies\":[\"default\"]}";
        static final String UNAVAILABLE = "{\"title\":\"Service Unavailable\",\"status\":503}";

        final AtomicInteger limited = new AtomicInteger();
        /** The raw path of every request that reached this node outside its three fixed routes. */
        final List<String> seen = new CopyOnWriteArrayList<>();
        final AtomicInteger unavailable = new AtomicInteger();
        final Set<Integer> connections = ConcurrentHashMap.newKeySet();
        private final HttpServer server;

        private Node(HttpServer server) {
            this.server = server;
        }

        static Node start() throws IOException {
            HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
            Node node = new Node(server);
            server.createContext("/echo", node::echo);
            server.createContext("/", exchange -> {
                node.seen.add(exchange.getRequestURI().getRawPath());
                send(exchange, 200, "text/plain", "a node answered\n");
            });
            server.createContext("/shorten", exchange -> {
                node.limited.incrementAndGet();
                exchange.getResponseHeaders().add("Retry-After", "17");
                exchange.getResponseHeaders().add("RateLimit", "\"default\";r=0;t=17");
                exchange.getResponseHeaders().add("RateLimit-Policy", "\"default\";q=10;w=60");
                send(exchange, 429, "application/problem+json", PROBLEM);
            });
            server.createContext("/unavailable", exchange -> {
                node.unavailable.incrementAndGet();
                exchange.getResponseHeaders().add("Retry-After", "5");
                send(exchange, 503, "application/problem+json", UNAVAILABLE);
            });
            server.start();
            return node;
        }

        String hostPort() {
            return "127.0.0.1:" + server.getAddress().getPort();
        }

        void stop() {
            server.stop(0);
        }

        private void echo(HttpExchange exchange) throws IOException {
            connections.add(exchange.getRemoteAddress().getPort());
            String body = "x-forwarded-for=" + exchange.getRequestHeaders().getFirst("X-Forwarded-For")
                    + "\nx-real-ip=" + exchange.getRequestHeaders().getFirst("X-Real-IP")
                    + "\nx-forwarded-proto=" + exchange.getRequestHeaders().getFirst("X-Forwarded-Proto") + "\n";
            send(exchange, 200, "text/plain", body);
        }

        private static void send(HttpExchange exchange, int status, String contentType, String body) throws IOException {
            exchange.getRequestBody().readAllBytes();
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", contentType);
            exchange.sendResponseHeaders(status, bytes.length);
            try (var out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        }
    }
}
