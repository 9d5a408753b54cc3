package io.ratelimiter.realservers.answers;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** What the test side reads from the URL shortener's answers, read the same way by every test and tool. */
public final class ShortenerAnswers {

    private static final Pattern CODE = Pattern.compile("\"code\"\\s*:\\s*\"([^\"]+)\"");

    private ShortenerAnswers() {
    }

    /** The short code in the JSON answer of a {@code POST /shorten} ({@code {"short_url": ..., "code": "..."}}). */
    public static Optional<String> code(String body) {
        Matcher code = CODE.matcher(body == null ? "" : body);
        return code.find() ? Optional.of(code.group(1)) : Optional.empty();
    }
}
