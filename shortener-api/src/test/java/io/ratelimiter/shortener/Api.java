package io.ratelimiter.shortener;

import io.ratelimiter.realservers.answers.ShortenerAnswers;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * A black-box HTTP client for one node: raw requests, exact headers and bodies, redirects not followed, 4xx and 5xx
 * returned rather than thrown, so tests see exactly what a client on the wire would.
 */
final class Api {


    private final URI base;
    private final HttpClient client = HttpClient.newBuilder()
            .followRedirects(HttpClient.Redirect.NEVER)
            .connectTimeout(Duration.ofSeconds(5))
            .build();

    Api(URI base) {
        this.base = base;
    }

    HttpResponse<String> get(String path) {
        return send(HttpRequest.newBuilder(base.resolve(path)).GET());
    }

    HttpResponse<String> post(String path, String contentType, String body) {
        return send(HttpRequest.newBuilder(base.resolve(path))
                .header("Content-Type", contentType)
                .POST(HttpRequest.BodyPublishers.ofString(body)));
    }

    HttpResponse<String> shortenForm(String url) {
        return post("/shorten", "application/x-www-form-urlencoded", "url=" + URLEncoder.encode(url, StandardCharsets.UTF_8));
    }

    HttpResponse<String> shortenJson(String url) {
        return post("/shorten", "application/json", "{\"url\":\"" + url.replace("\\", "\\\\").replace("\"", "\\\"") + "\"}");
    }

    static String code(HttpResponse<String> response) {
        return ShortenerAnswers.code(response.body())
                .orElseThrow(() -> new AssertionError("no code in " + response.statusCode() + " " + response.body()));
    }

    private HttpResponse<String> send(HttpRequest.Builder request) {
        try {
            return client.send(request.timeout(Duration.ofSeconds(15)).build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
