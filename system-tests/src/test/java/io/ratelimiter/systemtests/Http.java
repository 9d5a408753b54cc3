package io.ratelimiter.systemtests;

import io.ratelimiter.realservers.answers.ShortenerAnswers;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * A black-box client: redirects not followed, every status returned rather than thrown, a transport failure
 * returned as status 0 with its reason, and each answer timed. Tests see exactly what a client on the wire sees.
 */
final class Http {

    private static final HttpClient CLIENT = HttpClient.newBuilder()
            .followRedirects(HttpClient.Redirect.NEVER)
            .connectTimeout(Duration.ofSeconds(2))
            .build();
    /** Longer than any bound a test asserts, so a hang shows as a measured latency rather than a client timeout. */
    static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(20);

    /** One answer, or status 0 with {@code failure} when no HTTP answer came; header names in lower case. */
    record Answer(int status, Map<String, List<String>> headers, String body, String failure, long nanos) {

        static Answer of(HttpResponse<String> response, long nanos) {
            Map<String, List<String>> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
            headers.putAll(response.headers().map());
            return new Answer(response.statusCode(), headers, response.body(), null, nanos);
        }

        static Answer failed(String failure, long nanos) {
            return new Answer(0, Map.of(), "", failure, nanos);
        }

        Optional<String> header(String name) {
            List<String> values = headers.get(name);
            return values == null || values.isEmpty() ? Optional.empty() : Optional.of(values.get(0));
        }

        long millis() {
            return nanos / 1_000_000;
        }

        /** The short code of a successful shorten. */
        String code() {
            return ShortenerAnswers.code(body).orElseThrow(() -> new AssertionError("no code in " + this));
        }

        @Override
        public String toString() {
            String shown = failure != null ? failure : body.length() > 300 ? body.substring(0, 300) + "..." : body;
            return status + " " + shown + " (" + millis() + " ms)";
        }
    }

    private Http() {
    }

    static Answer get(URI base, String path, String... headers) {
        return send(request(base, path, headers).GET());
    }

    static Answer post(URI base, String path, String contentType, String body, String... headers) {
        return send(request(base, path, headers).header("Content-Type", contentType)
                .POST(HttpRequest.BodyPublishers.ofString(body)));
    }

    static Answer shortenForm(URI base, String url, String... headers) {
        return post(base, "/shorten", "application/x-www-form-urlencoded",
                "url=" + URLEncoder.encode(url, StandardCharsets.UTF_8), headers);
    }

    static Answer shortenJson(URI base, String url, String... headers) {
        return post(base, "/shorten", "application/json", "{\"url\":" + json(url) + "}", headers);
    }

    static String json(String text) {
        StringBuilder quoted = new StringBuilder("\"");
        for (char c : text.toCharArray()) {
            switch (c) {
                case '"' -> quoted.append("\\\"");
                case '\\' -> quoted.append("\\\\");
                default -> {
                    if (c < 0x20) {
                        quoted.append(String.format("\\u%04x", (int) c));
                    } else {
                        quoted.append(c);
                    }
                }
            }
        }
        return quoted.append('"').toString();
    }

    static HttpRequest.Builder request(URI base, String path, String... headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(base.resolve(path)).timeout(REQUEST_TIMEOUT);
        for (int i = 0; i + 1 < headers.length; i += 2) {
            request.header(headers[i], headers[i + 1]);
        }
        return request;
    }

    static Answer send(HttpRequest.Builder request) {
        long started = System.nanoTime();
        try {
            HttpResponse<String> response = CLIENT.send(request.build(), HttpResponse.BodyHandlers.ofString());
            return Answer.of(response, System.nanoTime() - started);
        } catch (IOException e) {
            return Answer.failed(e.toString(), System.nanoTime() - started);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Answer.failed(e.toString(), System.nanoTime() - started);
        }
    }
}
