package io.ratelimiter.shortener;

import static org.assertj.core.api.Assertions.assertThat;

import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.micronaut.test.support.TestPropertyProvider;
import jakarta.inject.Inject;
import java.net.http.HttpResponse;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

@MicronautTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ShortenerApiTest implements TestPropertyProvider {

    @Inject
    EmbeddedServer server;

    private Api api;

    @Override
    public Map<String, String> getProperties() {
        return TestServers.freshDatabase();
    }

    @BeforeAll
    void connect() {
        api = new Api(server.getURI());
    }

    @Test
    void rootSaysTheServiceRuns() {
        HttpResponse<String> response = api.get("/");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(type -> assertThat(type).startsWith("text/plain"));
        assertThat(response.body()).contains("running");
    }

    @Test
    void aFormPostAnswersTheSeedsShortUrlFieldAndTheCode() {
        HttpResponse<String> response = api.shortenForm("https://example.org/form?q=1");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(type -> assertThat(type).startsWith("application/json"));
        String code = Api.code(response);
        assertThat(code).matches("[0-9A-Za-z]{8}");
        assertThat(response.body())
                .contains("\"short_url\":\"/" + code + "\"")
                .contains("\"short_url_absolute\":\"http://")
                .contains("/" + code + "\"");
    }

    @Test
    void aJsonPostIsAcceptedToo() {
        HttpResponse<String> response = api.shortenJson("https://example.org/json");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(Api.code(response)).matches("[0-9A-Za-z]{8}");
    }

    @Test
    void theSameUrlShortenedTwiceKeepsItsCode() {
        String first = Api.code(api.shortenForm("https://example.org/same"));
        String second = Api.code(api.shortenJson("https://example.org/same"));

        assertThat(second).isEqualTo(first);
    }

    @Test
    void differentUrlsGetDifferentCodes() {
        String first = Api.code(api.shortenForm("https://example.org/one"));
        String second = Api.code(api.shortenForm("https://example.org/two"));

        assertThat(second).isNotEqualTo(first);
    }

    @Test
    void aCodeRedirectsToItsUrlWithA302() {
        String code = Api.code(api.shortenForm("https://example.org/target?x=1&y=2"));

        HttpResponse<String> response = api.get("/" + code);

        assertThat(response.statusCode()).isEqualTo(302);
        assertThat(response.headers().firstValue("Location")).hasValue("https://example.org/target?x=1&y=2");
    }

    @Test
    void nonAsciiCharactersAreStoredAndRedirectedPercentEncoded() {
        String code = Api.code(api.shortenJson("https://example.org/caf\u00e9/\u202egnp.exe?q=\u65e5"));

        HttpResponse<String> response = api.get("/" + code);

        assertThat(response.headers().firstValue("Location"))
                .hasValue("https://example.org/caf%C3%A9/%E2%80%AEgnp.exe?q=%E6%97%A5");
        assertThat(Api.code(api.shortenJson("https://example.org/caf%C3%A9/%E2%80%AEgnp.exe?q=%E6%97%A5")))
                .as("the encoded and the raw form are one URL").isEqualTo(code);
    }

    @Test
    void anUnknownCodeIsA404Problem() {
        HttpResponse<String> response = api.get("/Zz9Zz9Zz");

        assertThat(response.statusCode()).isEqualTo(404);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        assertThat(response.body()).contains("\"status\":404").contains("Zz9Zz9Zz");
    }

    @Test
    void aMalformedCodeIsA404ProblemToo() {
        for (String path : new String[] {"/abc-def", "/%2E%2E%2Fetc%2Fpasswd", "/" + "a".repeat(40), "/caf%C3%A9"}) {
            HttpResponse<String> response = api.get(path);

            assertThat(response.statusCode()).as(path).isEqualTo(404);
            assertThat(response.headers().firstValue("Content-Type")).as(path).hasValue("application/problem+json");
        }
    }

    @Test
    void healthShowsTheDatabase() {
        HttpResponse<String> response = api.get("/health");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).contains("\"status\":\"UP\"").contains("jdbc");
    }

    @Test
    void prometheusMetricsAreExposed() {
        api.get("/");

        HttpResponse<String> response = api.get("/prometheus");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).contains("jvm_memory_used_bytes").contains("http_server_requests");
    }
}
