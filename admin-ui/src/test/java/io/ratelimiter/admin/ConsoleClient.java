package io.ratelimiter.admin;

import io.ratelimiter.realservers.answers.ConsolePages;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.CookieManager;
import java.net.CookieStore;
import java.net.HttpCookie;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The console as a browser without JavaScript sees it: cookies kept, redirects shown rather than followed, forms
 * posted with the CSRF token of the page they came from.
 */
public final class ConsoleClient {


    /** One answer. */
    public record Response(int status, String body, HttpHeaders headers) {

        public String location() {
            return headers.firstValue("Location").orElse("");
        }

        public String header(String name) {
            return headers.firstValue(name).orElse("");
        }
    }

    private final URI base;
    private final CookieManager cookies = new CookieManager();
    private final HttpClient http;
    private String csrfToken = "";
    private String forwardedFor = "";

    public ConsoleClient(URI base) {
        this.base = base;
        this.http = HttpClient.newBuilder().cookieHandler(cookies).followRedirects(HttpClient.Redirect.NEVER)
                .connectTimeout(Duration.ofSeconds(2)).build();
    }

    public Response get(String path) {
        return send(HttpRequest.newBuilder(base.resolve(path)).header("Accept", "text/html").GET());
    }

    /** A background request as htmx sends it. */
    public Response htmx(String path) {
        return send(HttpRequest.newBuilder(base.resolve(path)).header("Accept", "*/*").header("HX-Request", "true")
                .GET());
    }

    /** Posts the form with the CSRF token of the last page seen. */
    public Response post(String path, Map<String, String> form) {
        Map<String, String> withToken = new LinkedHashMap<>(form);
        withToken.putIfAbsent("csrfToken", csrfToken);
        return postWithoutToken(path, withToken);
    }

    /** Posts exactly the given fields: no CSRF token unless they hold one. */
    public Response postWithoutToken(String path, Map<String, String> form) {
        String body = form.entrySet().stream()
                .map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "="
                        + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
        return send(HttpRequest.newBuilder(base.resolve(path)).header("Accept", "text/html")
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(body)));
    }

    public Response signIn(String username, String password) {
        get("/login");
        return post("/login", Map.of("username", username, "password", password));
    }

    public ConsoleClient signedIn() {
        return signedIn(TestConsole.USERNAME, TestConsole.PASSWORD);
    }

    public ConsoleClient signedIn(String username, String password) {
        Response response = signIn(username, password);
        if (response.status() != 303) {
            throw new IllegalStateException("sign-in answered " + response.status() + ": " + response.body());
        }
        get("/");
        return this;
    }

    public List<HttpCookie> cookies() {
        return cookies.getCookieStore().getCookies();
    }

    public CookieStore cookieStore() {
        return cookies.getCookieStore();
    }

    /** Another client with this one's cookies: the same browser talking to another console instance. */
    public ConsoleClient sharingCookiesWith(URI otherBase) {
        ConsoleClient other = new ConsoleClient(otherBase);
        for (HttpCookie cookie : cookies()) {
            HttpCookie copy = (HttpCookie) cookie.clone();
            other.cookieStore().add(otherBase, copy);
        }
        other.csrfToken = csrfToken;
        return other;
    }

    public String csrfToken() {
        return csrfToken;
    }

    /** Sends every request as a proxy would for a client at {@code address} (X-Forwarded-For). */
    public ConsoleClient forwardedFor(String address) {
        forwardedFor = address;
        return this;
    }

    private Response send(HttpRequest.Builder request) {
        if (!forwardedFor.isEmpty()) {
            request.header("X-Forwarded-For", forwardedFor);
        }
        try {
            HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            ConsolePages.csrfToken(response.body()).ifPresent(token -> csrfToken = token);
            return new Response(response.statusCode(), response.body(), response.headers());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
