package io.ratelimiter.deploychecks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.ratelimiter.realservers.ServiceProcess;
import io.ratelimiter.realservers.FreePorts;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * deploy/nginx/console-tls.conf.template through a real nginx, with the certificate deploy/tls/self-signed-certificate.sh
 * makes (as compose's operator and the console VM do), in front of a stand-in for the console: the console is
 * reached over TLS only, learns the scheme and the client's address, and its health is not served there.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ConsoleTlsProxyTest {

    static final Path TEMPLATE = Repository.path("deploy", "nginx", "console-tls.conf.template");
    static final Path CERTIFICATE_SCRIPT = Repository.path("deploy", "tls", "self-signed-certificate.sh");

    private NginxTemplateTest.Node console;
    private Process nginx;
    private URI base;
    private SSLContext trustingTheCertificate;
    private Path certificates;

    @BeforeAll
    void start(@TempDir Path workDir) throws Exception {
        Path nginxBinary = Tools.require("nginx", "the console's TLS proxy was not started here");
        Path openssl = Tools.require("openssl", "no certificate was made for the console's TLS proxy here");
        Files.setPosixFilePermissions(workDir, PosixFilePermissions.fromString("rwxr-xr-x"));
        certificates = workDir.resolve("tls");
        Tools.Result made = Tools.run(workDir, Map.of("PATH", openssl.getParent() + ":/usr/bin:/bin"), Duration.ofMinutes(1),
                List.of("sh", CERTIFICATE_SCRIPT.toString(), certificates.toString(), "localhost", "127.0.0.1"));
        assertThat(made.succeeded()).as(made.output()).isTrue();
        assertThat(made.output()).contains("SELF-SIGNED", "Fingerprint=");

        console = NginxTemplateTest.Node.start();
        int port = FreePorts.next();
        String rendered = NginxTemplate.render(Repository.read(TEMPLATE), Map.of(
                "CONSOLE_LISTEN_PORT", Integer.toString(port),
                "CONSOLE_UPSTREAM", console.hostPort(),
                "CONSOLE_CERTIFICATE", certificates.resolve("console.crt").toString(),
                "CONSOLE_CERTIFICATE_KEY", certificates.resolve("console.key").toString()));
        assertThat(NginxTemplate.placeholdersIn(rendered)).isEmpty();
        Path conf = NginxTemplate.writeStandaloneConfig(workDir, rendered);
        nginx = new ProcessBuilder(nginxBinary.toString(), "-p", workDir.toString(), "-c", conf.toString(),
                "-e", workDir.resolve("error.log").toString())
                .redirectErrorStream(true).redirectOutput(workDir.resolve("nginx.out").toFile()).start();
        base = URI.create("https://localhost:" + port);
        trustingTheCertificate = trusting(certificates.resolve("console.crt"));
        await().atMost(Duration.ofSeconds(20)).ignoreExceptions()
                .until(() -> get("/echo").statusCode() == 200);
    }

    @AfterAll
    void stop() {
        if (nginx != null) {
            ServiceProcess.stop(nginx.toHandle());
        }
        if (console != null) {
            console.stop();
        }
    }

    @Test
    void theConsoleIsReachedOverTlsAndLearnsTheSchemeAndTheClientsAddress() throws Exception {
        HttpResponse<String> response = get("/echo");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).contains("x-forwarded-proto=https", "x-forwarded-for=127.0.0.1", "x-real-ip=127.0.0.1");
        assertThat(response.headers().firstValue("Strict-Transport-Security")).hasValueSatisfying(hsts ->
                assertThat(hsts).startsWith("max-age="));
    }

    @Test
    void theCertificateNamesTheConsoleSoAClientThatChecksNamesAccepts() throws Exception {
        HttpClient byAddress = HttpClient.newBuilder().sslContext(trustingTheCertificate).build();

        HttpResponse<String> response = byAddress.send(HttpRequest.newBuilder(
                URI.create("https://127.0.0.1:" + base.getPort() + "/echo")).build(), HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).isEqualTo(200);
    }

    @Test
    void aClientThatDoesNotTrustTheCertificateIsNotServed() {
        HttpClient defaultTrust = HttpClient.newHttpClient();

        assertThatThrownBy(() -> defaultTrust.send(HttpRequest.newBuilder(base.resolve("/echo")).build(),
                        HttpResponse.BodyHandlers.ofString()))
                .isInstanceOf(SSLHandshakeException.class);
    }

    @Test
    void plainHttpOnTheConsolesPortIsRefused() throws Exception {
        int before = console.seen.size();

        String answer = RawHttp.get(URI.create("http://127.0.0.1:" + base.getPort()), "/");

        assertThat(answer).startsWith("HTTP/1.1 400 ").contains("plain HTTP request was sent to HTTPS port");
        assertThat(console.seen).hasSize(before);
    }

    @Test
    void theSecondRunKeepsTheCertificateItMade() throws Exception {
        byte[] before = Files.readAllBytes(certificates.resolve("console.crt"));

        Tools.Result again = Tools.run(certificates, Map.of(), Duration.ofMinutes(1),
                List.of("sh", CERTIFICATE_SCRIPT.toString(), certificates.toString(), "localhost"));

        assertThat(again.succeeded()).as(again.output()).isTrue();
        assertThat(again.output()).doesNotContain("SELF-SIGNED");
        assertThat(Files.readAllBytes(certificates.resolve("console.crt"))).isEqualTo(before);
        assertThat(Files.getPosixFilePermissions(certificates.resolve("console.key")))
                .isEqualTo(PosixFilePermissions.fromString("rw-------"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"/health", "/health/", "/HEALTH/readiness", "/%68ealth", "/./health", "/prometheus/"})
    void theConsolesHealthIsNotServedThroughItsProxy(String path) throws Exception {
        int before = console.seen.size();

        String answer = RawHttp.get(trustingTheCertificate, base, path);

        assertThat(answer).as(path).startsWith("HTTP/1.1 404 ");
        assertThat(console.seen).hasSize(before);
    }

    private HttpResponse<String> get(String path) throws Exception {
        return HttpClient.newBuilder().sslContext(trustingTheCertificate).build()
                .send(HttpRequest.newBuilder(base.resolve(path)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static SSLContext trusting(Path certificate) throws Exception {
        KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
        store.load(null, null);
        try (InputStream in = Files.newInputStream(certificate)) {
            store.setCertificateEntry("console", CertificateFactory.getInstance("X.509").generateCertificate(in));
        }
        TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        trust.init(store);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, trust.getTrustManagers(), null);
        return context;
    }
}
