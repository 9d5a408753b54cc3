package io.ratelimiter.systemtests;

import io.ratelimiter.realservers.answers.ConsolePages;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The console as a browser without JavaScript uses it: its session cookie sent back by hand (so a cookie marked
 * Secure still works over the tests' plain HTTP), the CSRF token of the last page posted with every form.
 */
final class ConsoleSession {


    private final URI console;
    private String cookie = "";
    private String csrfToken = "";

    ConsoleSession(URI console) {
        this.console = console;
    }

    static ConsoleSession signedIn(URI console, String username, String password) {
        ConsoleSession session = new ConsoleSession(console);
        session.get("/login");
        Http.Answer answer = session.post("/login", Map.of("username", username, "password", password));
        if (answer.status() != 303) {
            throw new IllegalStateException("sign-in answered " + answer);
        }
        session.get("/");
        return session;
    }

    Http.Answer get(String path, String... headers) {
        return remember(Http.send(request(path, headers).GET()));
    }

    /** Posts the form with this session's CSRF token, unless the form names one itself. */
    Http.Answer post(String path, Map<String, String> form) {
        Map<String, String> fields = new LinkedHashMap<>(form);
        fields.putIfAbsent("csrfToken", csrfToken);
        return postExactly(path, fields);
    }

    Http.Answer postExactly(String path, Map<String, String> form) {
        String body = form.entrySet().stream()
                .map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
        return remember(Http.send(request(path).header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(body))));
    }

    String csrfToken() {
        return csrfToken;
    }

    private HttpRequest.Builder request(String path, String... headers) {
        List<String> all = new ArrayList<>(List.of("Accept", "text/html"));
        if (!cookie.isEmpty()) {
            all.add("Cookie");
            all.add(cookie);
        }
        all.addAll(List.of(headers));
        return Http.request(console, path, all.toArray(String[]::new));
    }

    private Http.Answer remember(Http.Answer answer) {
        for (String setCookie : answer.headers().getOrDefault("Set-Cookie", List.of())) {
            String pair = setCookie.split(";", 2)[0];
            cookie = pair.endsWith("=") ? "" : pair;
        }
        ConsolePages.csrfToken(answer.body()).ifPresent(token -> csrfToken = token);
        return answer;
    }
}
