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
 * The console's operator for the local run: {@code admin} with a random password made on the first start and kept
 * in the data directory (readable by its owner only), so no well-known password ever guards the console. Its hash is
 * kept beside it: hashing is deliberately slow, and need not be paid again on every start.
 */
record AdminCredentials(String username, String password, String passwordHash) {

    static AdminCredentials of(ClusterSettings settings) {
        Path file = settings.dataDirectory().resolve("admin-password");
        try {
            if (!Files.isRegularFile(file)) {
                Files.createDirectories(file.getParent());
                byte[] random = new byte[12];
                new SecureRandom().nextBytes(random);
                Files.writeString(file, Base64.getUrlEncoder().withoutPadding().encodeToString(random) + "\n");
                Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
            }
            String password = Files.readString(file).strip();
            Path hashFile = settings.dataDirectory().resolve("admin-password.hash");
            if (!Files.isRegularFile(hashFile) || Files.getLastModifiedTime(hashFile).compareTo(Files.getLastModifiedTime(file)) < 0) {
                Files.writeString(hashFile, PasswordHashes.hash(settings.root(), password) + "\n");
            }
            return new AdminCredentials("admin", password, Files.readString(hashFile).strip());
        } catch (IOException e) {
            throw new UncheckedIOException("could not keep the console password in " + file, e);
        }
    }

    Map<String, String> environment() {
        return Map.of("ADMIN_USERNAME", username, "ADMIN_PASSWORD_HASH", passwordHash);
    }

    String describe() {
        return username + " / " + password;
    }
}
