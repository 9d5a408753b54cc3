package io.ratelimiter.limiter.identity;

import static org.assertj.core.api.Assertions.assertThat;

import io.micronaut.runtime.server.EmbeddedServer;
import io.ratelimiter.limiter.LimiterTestNodes;
import io.ratelimiter.limiter.admin.ClientWindow;
import io.ratelimiter.limiter.admin.RateLimiterAdmin;
import io.ratelimiter.limiter.admin.WindowQuery;
import io.ratelimiter.realservers.RealServers;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Which address a request is counted against, read back through the admin API: one node trusting loopback as its
 * load balancer (and 10.0.0.0/8 as inner proxies), one trusting an address that is not ours.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TrustedProxyTest {

    private EmbeddedServer trusting;
    private EmbeddedServer distrusting;
    private final HttpClient http = HttpClient.newHttpClient();

    @BeforeAll
    void start() {
        trusting = LimiterTestNodes.start(Map.of("redis.uri", RealServers.redis().uri(),
                "rate-limiter.key-prefix", LimiterTestNodes.uniquePrefix("proxy-trusting"),
                "rate-limiter.trusted-proxies", "127.0.0.1, 10.0.0.0/8"));
        distrusting = LimiterTestNodes.start(Map.of("redis.uri", RealServers.redis().uri(),
                "rate-limiter.key-prefix", LimiterTestNodes.uniquePrefix("proxy-distrusting"),
                "rate-limiter.trusted-proxies", "192.0.2.254"));
    }

    @AfterAll
    void stop() {
        trusting.stop();
        distrusting.stop();
    }

    private int send(EmbeddedServer node, String forwardedFor) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + node.getPort() + "/items/1"));
        if (forwardedFor != null) {
            request.header("X-Forwarded-For", forwardedFor);
        }
        return http.sendAsync(request.build(), HttpResponse.BodyHandlers.discarding()).join().statusCode();
    }

    private static List<String> identities(EmbeddedServer node) {
        return node.getApplicationContext().getBean(RateLimiterAdmin.class)
                .windows(new WindowQuery(WindowQuery.Order.RECENTLY_SEEN, null, 0, 50)).items().stream()
                .map(ClientWindow::identity).toList();
    }

    @Test
    void aSpoofedForwardedForFromAnUntrustedPeerIsIgnored() {
        send(distrusting, "198.51.100.77");
        send(distrusting, "198.51.100.78, 198.51.100.79");

        assertThat(identities(distrusting)).containsExactly("127.0.0.1");
    }

    @Test
    void theRightMostAddressNotATrustedProxyWins() {
        // What the client wrote (left) is never believed; the load balancer appended the address it saw.
        send(trusting, "6.6.6.6, 198.51.100.90");
        send(trusting, "7.7.7.7, 198.51.100.90");
        // An inner trusted proxy (10.x) is skipped.
        send(trusting, "198.51.100.91, 10.1.2.3");

        assertThat(identities(trusting)).containsExactlyInAnyOrder("198.51.100.90", "198.51.100.91");
    }
}
