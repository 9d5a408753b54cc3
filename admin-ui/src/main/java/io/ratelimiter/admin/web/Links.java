package io.ratelimiter.admin.web;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/** Links whose query carries a route or an identity ("GET /{code}", "2001:db8::1"), encoded once, here. */
public final class Links {

    private Links() {
    }

    public static String of(String path, String parameter, String value) {
        return path + "?" + parameter + "=" + URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    public static String client(String identity) {
        return of("/clients/view", "identity", identity);
    }
}
