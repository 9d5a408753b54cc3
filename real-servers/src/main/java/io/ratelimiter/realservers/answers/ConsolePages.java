package io.ratelimiter.realservers.answers;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** What a test client of the operators' console reads from its pages. */
public final class ConsolePages {

    private static final Pattern CSRF = Pattern.compile("name=\"csrfToken\"\\s+value=\"([^\"]+)\"");

    private ConsolePages() {
    }

    /** The CSRF token of the page's first form ({@code <input type="hidden" name="csrfToken" value="...">}). */
    public static Optional<String> csrfToken(String html) {
        Matcher token = CSRF.matcher(html == null ? "" : html);
        return token.find() ? Optional.of(token.group(1)) : Optional.empty();
    }
}
