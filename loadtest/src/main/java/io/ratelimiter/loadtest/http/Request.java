package io.ratelimiter.loadtest.http;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/** What a virtual user sends: a method, a path and, for a POST, a form body. */
public record Request(String method, String path, String form) {

    public static Request get(String path) {
        return new Request("GET", path, null);
    }

    /** {@code POST /shorten} with the form field {@code url}, as the seed's test sends it. */
    public static Request shorten(String url) {
        return new Request("POST", "/shorten", "url=" + URLEncoder.encode(url, StandardCharsets.UTF_8));
    }
}
