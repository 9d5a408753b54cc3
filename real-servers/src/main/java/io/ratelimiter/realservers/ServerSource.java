package io.ratelimiter.realservers;

import java.util.Locale;
import org.testcontainers.DockerClientFactory;

/**
 * Where a real server comes from. Chosen automatically, in this order: URLs given in the environment (for CI systems
 * with service containers), Testcontainers when a Docker engine answers, else the server binaries shipped in Maven
 * artifacts. {@code REAL_SERVERS_SOURCE=embedded|testcontainers} forces a choice.
 */
public enum ServerSource {
    ENVIRONMENT,
    TESTCONTAINERS,
    EMBEDDED;

    static final String FORCE_VARIABLE = "REAL_SERVERS_SOURCE";

    /** The source for servers this JVM starts itself (environment URLs are never restartable, so never chosen here). */
    static ServerSource forStartedServers() {
        if (isForced()) {
            return valueOf(setting(FORCE_VARIABLE).trim().toUpperCase(Locale.ROOT));
        }
        return dockerAnswers() ? TESTCONTAINERS : EMBEDDED;
    }

    /** Whether {@code REAL_SERVERS_SOURCE} names the source, so that no other may stand in for it. */
    static boolean isForced() {
        String forced = setting(FORCE_VARIABLE);
        return forced != null && !forced.isBlank();
    }

    private static boolean dockerAnswers() {
        try {
            return DockerClientFactory.instance().isDockerAvailable();
        } catch (RuntimeException | LinkageError e) {
            return false;
        }
    }

    /** {@link #setting(String)}, or {@code fallback} where it is unset or blank. */
    static String setting(String variable, String fallback) {
        String value = setting(variable);
        return value == null || value.isBlank() ? fallback : value.trim();
    }

    /** Environment variable, or the system property of the same name in lower case with dots (for Surefire). */
    static String setting(String variable) {
        String value = System.getenv(variable);
        if (value != null) {
            return value;
        }
        return System.getProperty(variable.toLowerCase(Locale.ROOT).replace('_', '.'));
    }
}
