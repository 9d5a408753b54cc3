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
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

@MicronautTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class BadInputTest implements TestPropertyProvider {

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

    @ParameterizedTest
    @ValueSource(strings = {
            "javascript:alert(1)",
            "data:text/html,<script>alert(1)</script>",
            "file:///etc/passwd",
            "ftp://example.org/file",
            "/relative/path",
            "example.org/no-scheme",
            "http://",
            "http:///no-host",
            "https://user:secret@example.org/",
            "https://example.org/a b",
            "https://example.org/\u0000null",
            "https://example.org/%%%",
            "   ",
    })
    void urlsWeDoNotShortenAreA400ProblemThatSaysWhy(String url) {
        assertBadRequest(api.shortenForm(url), "url");
        assertBadRequest(api.shortenJson(url), "url");
    }

    @Test
    void aUrlOverTheLengthLimitIsRefused() {
        String url = "https://example.org/" + "a".repeat(2049 - "https://example.org/".length());

        assertBadRequest(api.shortenJson(url), "2048");
    }

    @Test
    void aUrlOfExactlyTheLengthLimitIsAccepted() {
        String url = "https://example.org/" + "a".repeat(2048 - "https://example.org/".length());

        assertThat(api.shortenJson(url).statusCode()).isEqualTo(200);
    }

    @Test
    void aMissingUrlFieldIsRefused() {
        assertBadRequest(api.post("/shorten", "application/x-www-form-urlencoded", "other=1"), "required");
        assertBadRequest(api.post("/shorten", "application/json", "{}"), "required");
        assertBadRequest(api.post("/shorten", "application/json", "{\"url\":null}"), "required");
    }

    @Test
    void anEmptyBodyIsRefused() {
        HttpResponse<String> response = api.post("/shorten", "application/json", "");

        assertThat(response.statusCode()).isEqualTo(400);
        assertProblem(response);
    }

    @Test
    void malformedJsonIsRefused() {
        for (String body : new String[] {"{\"url\":", "not json", "[\"https://example.org\"]", "{\"url\": {\"nested\": 1}}"}) {
            HttpResponse<String> response = api.post("/shorten", "application/json", body);

            assertThat(response.statusCode()).as(body).isEqualTo(400);
            assertProblem(response);
        }
    }

    @Test
    void aFormWithABrokenPercentEscapeIsA400ProblemNotA500() {
        assertBadRequest(api.post("/shorten", "application/x-www-form-urlencoded", "url=%ZZ"), "form body");
    }

    @Test
    void aUrlWithHalfASurrogatePairIsRefused() {
        assertBadRequest(api.post("/shorten", "application/json", "{\"url\":\"https://example.org/\\ud800\"}"), "surrogate");
    }

    @Test
    void aUrlOverTheLengthLimitOncePercentEncodedIsRefused() {
        String url = "https://example.org/" + "\u00e9".repeat(1000);

        assertBadRequest(api.shortenJson(url), "percent-encoded");
    }

    @Test
    void anUnsupportedContentTypeIsA415Problem() {
        HttpResponse<String> response = api.post("/shorten", "text/plain", "https://example.org");

        assertThat(response.statusCode()).isEqualTo(415);
        assertProblem(response);
    }

    @Test
    void anOversizedBodyIsA413Problem() {
        HttpResponse<String> response = api.post("/shorten", "application/json",
                "{\"url\":\"https://example.org/" + "a".repeat(1_000_000) + "\"}");

        assertThat(response.statusCode()).isEqualTo(413);
        assertProblem(response);
    }

    @Test
    void theWrongMethodIsA405Problem() {
        HttpResponse<String> response = api.get("/shorten");

        assertThat(response.statusCode()).isIn(404, 405);
        assertProblem(response);
    }

    @Test
    void refusedInputStoresNothing() {
        String code = Api.code(api.shortenJson("https://example.org/kept"));
        api.shortenJson("javascript:alert(1)");
        api.post("/shorten", "application/json", "{\"url\":");

        HttpResponse<String> response = api.get("/" + code);

        assertThat(response.statusCode()).isEqualTo(302);
        assertThat(response.headers().firstValue("Location")).hasValue("https://example.org/kept");
    }

    private static void assertBadRequest(HttpResponse<String> response, String detailMentions) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(400);
        assertProblem(response);
        assertThat(response.body()).containsIgnoringCase(detailMentions);
    }

    private static void assertProblem(HttpResponse<String> response) {
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        assertThat(response.body()).contains("\"status\":" + response.statusCode()).doesNotContain("Exception").doesNotContain("\tat ");
    }
}
