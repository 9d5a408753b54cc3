package io.ratelimiter.cluster;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Map;

/**
 * The console's operator for the local run: {@code admin} (an editor) with a random password made on the first start
 * and kept in the data directory (readable by its owner only), so no well-known password ever guards the console. Its
 * hash is kept beside it: hashing is deliberately slow, and need not be paid again on every start. So is the key that
 * signs the console's CSRF tokens, so a page open across a console restart still sends its forms.
 */
record AdminCredentials(String username, String password, String passwordHash, String signingKey) {

    static AdminCredentials of(ClusterSettings settings) {
        Path file = settings.dataDirectory().resolve("admin-password");
        try {
            String password = secret(file, 12);
            Path hashFile = settings.dataDirectory().resolve("admin-password.hash");
            if (!Files.isRegularFile(hashFile) || Files.getLastModifiedTime(hashFile).compareTo(Files.getLastModifiedTime(file)) < 0) {
                Files.writeString(hashFile, PasswordHashes.hash(settings.root(), password) + "\n");
            }
            String signingKey = secret(settings.dataDirectory().resolve("admin-signing-key"), 32);
            return new AdminCredentials("admin", password, Files.readString(hashFile).strip(), signingKey);
        } catch (IOException e) {
            throw new UncheckedIOException("could not keep the console's secrets in " + settings.dataDirectory(), e);
        }
    }

    /** The random secret kept in {@code file}, made there on the first call. */
    private static String secret(Path file, int bytes) throws IOException {
        if (!Files.isRegularFile(file)) {
            Files.createDirectories(file.getParent());
            byte[] random = new byte[bytes];
            new SecureRandom().nextBytes(random);
            Files.writeString(file, Base64.getUrlEncoder().withoutPadding().encodeToString(random) + "\n");
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        }
        return Files.readString(file).strip();
    }

    Map<String, String> environment() {
        return Map.of("ADMIN_USERNAME", username, "ADMIN_PASSWORD_HASH", passwordHash, "ADMIN_SIGNING_KEY", signingKey);
    }

    String describe() {
        return username + " / " + password;
    }
}
