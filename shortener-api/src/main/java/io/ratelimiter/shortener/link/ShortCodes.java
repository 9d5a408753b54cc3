package io.ratelimiter.shortener.link;

import jakarta.inject.Singleton;
import java.security.SecureRandom;
import java.util.regex.Pattern;

/**
 * Random base62 codes. Eight characters give 62^8 (about 2 * 10^14) codes: enumerating stored links by guessing
 * is hopeless at any request rate the limiter allows, and collisions are rare and retried.
 */
@Singleton
final class ShortCodes {

    static final int LENGTH = 8;
    private static final char[] ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz".toCharArray();
    private static final Pattern WELL_FORMED = Pattern.compile("[0-9A-Za-z]{1,16}");

    private final SecureRandom random = new SecureRandom();

    String next() {
        char[] code = new char[LENGTH];
        for (int i = 0; i < LENGTH; i++) {
            code[i] = ALPHABET[random.nextInt(ALPHABET.length)];
        }
        return new String(code);
    }

    /** Codes that could never have been issued are answered without a database round trip. */
    static boolean isWellFormed(String code) {
        return code != null && WELL_FORMED.matcher(code).matches();
    }
}
