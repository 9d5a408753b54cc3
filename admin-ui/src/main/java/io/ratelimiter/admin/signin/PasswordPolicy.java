package io.ratelimiter.admin.signin;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * What an operator's password must be: at least {@value #MIN_LENGTH} characters, not one of the passwords people
 * choose most (the list ships in the jar, matched ignoring case, spaces and punctuation), not the account's name,
 * and not one character or a short pattern repeated.
 */
public final class PasswordPolicy {

    public static final int MIN_LENGTH = 12;
    public static final int MAX_LENGTH = 1024;
    private static final Set<String> COMMON = load();

    private PasswordPolicy() {
    }

    /** Why {@code password} may not be used for {@code account} (which may be empty), if it may not. */
    public static Optional<String> problem(String account, char[] password) {
        String text = new String(password);
        if (text.codePointCount(0, text.length()) < MIN_LENGTH) {
            return Optional.of("the password must have at least " + MIN_LENGTH + " characters");
        }
        if (text.length() > MAX_LENGTH) {
            return Optional.of("the password may have at most " + MAX_LENGTH + " characters");
        }
        String folded = fold(text);
        if (COMMON.contains(folded)) {
            return Optional.of("the password is one of the most common passwords; choose another");
        }
        if (!account.isBlank() && folded.contains(fold(account))) {
            return Optional.of("the password must not contain the account's name");
        }
        if (repeatsAShortPattern(folded)) {
            return Optional.of("the password is a short pattern repeated; choose another");
        }
        return Optional.empty();
    }

    private static boolean repeatsAShortPattern(String folded) {
        for (int period = 1; period <= 4 && period < folded.length(); period++) {
            boolean repeats = true;
            for (int i = period; i < folded.length() && repeats; i++) {
                repeats = folded.charAt(i) == folded.charAt(i - period);
            }
            if (repeats) {
                return true;
            }
        }
        return false;
    }

    private static String fold(String text) {
        return text.toLowerCase(Locale.ROOT).replaceAll("[\\s\\p{Punct}]", "");
    }

    private static Set<String> load() {
        try (InputStream in = PasswordPolicy.class.getResourceAsStream("/signin/common-passwords.txt")) {
            if (in == null) {
                throw new IllegalStateException("signin/common-passwords.txt is missing from the jar");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().map(String::strip)
                    .filter(line -> !line.isEmpty() && !line.startsWith("#")).map(PasswordPolicy::fold)
                    .collect(Collectors.toUnmodifiableSet());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
