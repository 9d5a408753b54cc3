package io.ratelimiter.admin.signin;

import io.micronaut.context.annotation.Context;
import io.micronaut.context.exceptions.ConfigurationException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Checks an operator's credentials against configuration. Created at start-up, so a malformed hash stops the console
 * at once and a missing one is said in the log rather than discovered at the first sign-in.
 */
@Context
final class Operators {

    private static final Logger LOG = LoggerFactory.getLogger(Operators.class);
    private final String username;
    private final PasswordHash passwordHash;
    /** Compared against when the username is wrong: same cost as the real hash, so timing tells no names apart. */
    private final PasswordHash decoy;

    Operators(OperatorConfiguration configuration) {
        this.username = configuration.username();
        String hash = configuration.passwordHash();
        if (hash == null || hash.isBlank()) {
            this.passwordHash = null;
            this.decoy = null;
            LOG.warn("sign-in disabled: ADMIN_PASSWORD_HASH is not set, so nobody can sign in to the console; print "
                    + "a hash with: java -cp admin-ui.jar io.ratelimiter.admin.HashPassword");
        } else {
            try {
                this.passwordHash = PasswordHash.parse(hash);
            } catch (IllegalArgumentException e) {
                throw new ConfigurationException("ADMIN_PASSWORD_HASH (admin.password-hash) is unusable: "
                        + e.getMessage());
            }
            this.decoy = PasswordHash.of(UUID.randomUUID().toString().toCharArray(), passwordHash.iterations());
            LOG.info("sign-in enabled for operator '{}'", username);
        }
    }

    boolean signInEnabled() {
        return passwordHash != null;
    }

    boolean matches(String name, String password) {
        if (passwordHash == null || name == null || password == null) {
            return false;
        }
        boolean nameMatches = MessageDigest.isEqual(username.getBytes(StandardCharsets.UTF_8),
                name.getBytes(StandardCharsets.UTF_8));
        PasswordHash against = nameMatches ? passwordHash : decoy;
        return against.matches(password.toCharArray()) && nameMatches;
    }
}
