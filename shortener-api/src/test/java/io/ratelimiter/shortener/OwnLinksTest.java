package io.ratelimiter.shortener;

import static org.assertj.core.api.Assertions.assertThat;

import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.micronaut.test.support.TestPropertyProvider;
import jakarta.inject.Inject;
import java.net.http.HttpResponse;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The shortener does not shorten its own links: under its base URL, or on the host the request was sent to. */
@MicronautTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class OwnLinksTest implements TestPropertyProvider {

    @Inject
    EmbeddedServer server;

    private Api api;

    @Override
    public Map<String, String> getProperties() {
        Map<String, String> properties = new HashMap<>(TestServers.freshDatabase());
        properties.put("shortener.base-url", "https://sho.rt/s/");
        return properties;
    }

    @BeforeAll
    void connect() {
        api = new Api(server.getURI());
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "https://sho.rt/s/Ab3dEf9h",
            "https://sho.rt/s",
            "http://SHO.RT./s/Ab3dEf9h?utm=1",
            "https://sho.rt:443/s/Ab3dEf9h",
            "http://sho.rt:80/s/x#fragment",
    })
    void linksUnderTheConfiguredBaseUrlAreRefused(String url) {
        assertRefusedAsOwn(api.shortenJson(url));
        assertRefusedAsOwn(api.shortenForm(url));
    }

    @Test
    void linksToTheHostTheRequestWasSentToAreRefused() {
        String self = "http://" + server.getHost() + ":" + server.getPort() + "/Ab3dEf9h";

        assertRefusedAsOwn(api.shortenJson(self));
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "https://sho.rt/other/page",
            "https://sho.rt/sx",
            "https://sho.rt:8443/s/Ab3dEf9h",
            "https://sho.rt.example.org/s/Ab3dEf9h",
            "https://example.org/?next=https://sho.rt/s/Ab3dEf9h",
    })
    void otherAddressesOnOrAboutTheSameNameAreNotOurs(String url) {
        HttpResponse<String> response = api.shortenJson(url);

        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        assertThat(response.body()).contains("\"short_url_absolute\":\"https://sho.rt/s/");
    }

    @Test
    void aLinkToAnotherPortOfTheRequestedHostIsNotOurs() {
        String elsewhere = "http://" + server.getHost() + ":" + (server.getPort() == 1 ? 2 : server.getPort() - 1) + "/page";

        assertThat(api.shortenJson(elsewhere).statusCode()).isEqualTo(200);
    }

    private static void assertRefusedAsOwn(HttpResponse<String> response) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(400);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        assertThat(response.body()).contains("link of this shortener");
    }
}
