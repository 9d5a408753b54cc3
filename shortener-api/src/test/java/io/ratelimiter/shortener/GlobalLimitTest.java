package io.ratelimiter.shortener;

import static org.assertj.core.api.Assertions.assertThat;

import io.micronaut.context.ApplicationContext;
import io.micronaut.runtime.server.EmbeddedServer;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** Three shortener nodes behind no balancer at all: whichever node a client hits, the limit is one limit. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class GlobalLimitTest {

    private final List<EmbeddedServer> nodes = new ArrayList<>();

    @BeforeAll
    void startThreeNodes() {
        Map<String, Object> properties = new HashMap<>(TestServers.freshDatabase());
        properties.put("rate-limiter.enabled", "true");
        properties.put("rate-limiter.key-prefix", "shortener-" + UUID.randomUUID().toString().substring(0, 8));
        properties.put("rate-limiter.default-policy.limits", "10/60s");
        for (int i = 0; i < 3; i++) {
            nodes.add(ApplicationContext.run(EmbeddedServer.class, properties));
        }
    }

    @AfterAll
    void stopNodes() {
        nodes.forEach(EmbeddedServer::close);
    }

    @Test
    void theEleventhRequestInAMinuteIsRefusedWhicheverNodeItHits() {
        List<HttpResponse<String>> responses = new ArrayList<>();
        for (int i = 0; i < 11; i++) {
            responses.add(node(i).get("/"));
        }

        assertThat(responses.subList(0, 10)).allSatisfy(response -> {
            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(response.headers().firstValue("RateLimit-Policy")).hasValue("\"default\";q=10;w=60");
        });
        HttpResponse<String> refused = responses.get(10);
        assertThat(refused.statusCode()).isEqualTo(429);
        assertThat(refused.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        assertThat(refused.headers().firstValue("Retry-After")).isPresent();
        assertThat(refused.headers().firstValue("RateLimit")).hasValueSatisfying(value -> assertThat(value).startsWith("\"default\";r=0;t="));
        assertThat(refused.body()).contains("quota-exceeded").contains("\"violated-policies\":[\"default\"]");
    }

    @Test
    void shorteningHasTheSeedsTenPerMinuteAcrossNodes() {
        List<Integer> statuses = new ArrayList<>();
        for (int i = 0; i < 11; i++) {
            statuses.add(node(i).shortenForm("https://example.org/limited/" + i).statusCode());
        }

        assertThat(statuses.subList(0, 10)).containsOnly(200);
        assertThat(statuses.get(10)).isEqualTo(429);
    }

    private Api node(int request) {
        return new Api(nodes.get(request % nodes.size()).getURI());
    }
}
