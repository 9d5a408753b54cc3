package io.ratelimiter.admin.signin;

import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;

/**
 * A salted, slow hash of an operator's password: PBKDF2 with HMAC-SHA256 from the JDK, written as one self-describing
 * line {@code pbkdf2-sha256:<iterations>:<salt>:<hash>} (salt and hash in unpadded base64url). The form holds no
 * {@code $}, so it passes through shells, systemd units and compose files unquoted.
 */
public final class PasswordHash {

    public static final int DEFAULT_ITERATIONS = 600_000;
    /** Below this a hash is too cheap to guess against; such a line is refused rather than trusted. */
    public static final int MIN_ITERATIONS = 10_000;

    private static final String SCHEME = "pbkdf2-sha256";
    private static final String ALGORITHM = "PBKDF2WithHmacSHA256";
    private static final int SALT_BYTES = 16;
    private static final int HASH_BYTES = 32;
    private static final SecureRandom RANDOM = new SecureRandom();

    private final int iterations;
    private final byte[] salt;
    private final byte[] hash;

    private PasswordHash(int iterations, byte[] salt, byte[] hash) {
        this.iterations = iterations;
        this.salt = salt;
        this.hash = hash;
    }

    /** Hashes {@code password} with a fresh random salt. */
    public static PasswordHash of(char[] password, int iterations) {
        if (iterations < MIN_ITERATIONS) {
            throw new IllegalArgumentException("use at least " + MIN_ITERATIONS + " iterations, not " + iterations);
        }
        byte[] salt = new byte[SALT_BYTES];
        RANDOM.nextBytes(salt);
        return new PasswordHash(iterations, salt, derive(password, salt, iterations, HASH_BYTES));
    }

    /**
     * Reads the one-line form.
     *
     * @throws IllegalArgumentException saying what is wrong with the line, never echoing it
     */
    public static PasswordHash parse(String text) {
        String[] parts = text == null ? new String[0] : text.trim().split(":", -1);
        if (parts.length != 4 || !SCHEME.equals(parts[0])) {
            throw new IllegalArgumentException("a password hash is " + SCHEME
                    + ":<iterations>:<salt>:<hash>, as HashPassword prints it");
        }
        int iterations;
        try {
            iterations = Integer.parseInt(parts[1]);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("the iteration count of the password hash is not a number");
        }
        if (iterations < MIN_ITERATIONS) {
            throw new IllegalArgumentException("the password hash uses " + iterations
                    + " iterations; at least " + MIN_ITERATIONS + " are required");
        }
        byte[] salt;
        byte[] hash;
        try {
            salt = Base64.getUrlDecoder().decode(parts[2]);
            hash = Base64.getUrlDecoder().decode(parts[3]);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("the salt or hash of the password hash is not base64url");
        }
        if (salt.length < 8 || hash.length < 16) {
            throw new IllegalArgumentException("the salt or hash of the password hash is too short");
        }
        return new PasswordHash(iterations, salt, hash);
    }

    int iterations() {
        return iterations;
    }

    /** Whether {@code password} is the one hashed; takes the same time whatever it is. */
    public boolean matches(char[] password) {
        return MessageDigest.isEqual(hash, derive(password, salt, iterations, hash.length));
    }

    @Override
    public String toString() {
        Base64.Encoder base64 = Base64.getUrlEncoder().withoutPadding();
        return SCHEME + ":" + iterations + ":" + base64.encodeToString(salt) + ":" + base64.encodeToString(hash);
    }

    private static byte[] derive(char[] password, byte[] salt, int iterations, int bytes) {
        PBEKeySpec spec = new PBEKeySpec(password, salt, iterations, bytes * 8);
        try {
            return SecretKeyFactory.getInstance(ALGORITHM).generateSecret(spec).getEncoded();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(ALGORITHM + " is part of every Java 17 runtime", e);
        } finally {
            spec.clearPassword();
        }
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof PasswordHash that && iterations == that.iterations
                && Arrays.equals(salt, that.salt) && Arrays.equals(hash, that.hash);
    }

    @Override
    public int hashCode() {
        return 31 * iterations + Arrays.hashCode(hash);
    }
}
