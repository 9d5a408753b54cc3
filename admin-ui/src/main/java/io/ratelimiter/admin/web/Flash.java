package io.ratelimiter.admin.web;

import io.micronaut.http.HttpRequest;
import io.micronaut.session.Session;
import io.micronaut.session.http.SessionForRequest;
import java.util.Optional;

/** A one-time message carried across the redirect after a change ("Saved the default policy"). */
public final class Flash {

    private static final String ATTRIBUTE = "flash";

    private Flash() {
    }

    public static void set(HttpRequest<?> request, String message) {
        SessionForRequest.find(request).ifPresent(session -> session.put(ATTRIBUTE, message));
    }

    public static Optional<String> take(HttpRequest<?> request) {
        Optional<Session> session = SessionForRequest.find(request);
        Optional<String> message = session.flatMap(s -> s.get(ATTRIBUTE, String.class));
        message.ifPresent(m -> session.get().remove(ATTRIBUTE));
        return message;
    }
}
