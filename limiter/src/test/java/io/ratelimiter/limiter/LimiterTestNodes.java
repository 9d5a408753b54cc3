package io.ratelimiter.limiter;

import io.micronaut.context.ApplicationContext;
import io.micronaut.runtime.server.EmbeddedServer;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

/** Starts limiter nodes: embedded servers with the test controller, configured like a service using the library. */
public final class LimiterTestNodes {

    private LimiterTestNodes() {
    }

    /** A key prefix of a test's own, so suites sharing one Redis never see each other's policies or state. */
    public static String uniquePrefix(String suite) {
        return "t-" + suite + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    public static EmbeddedServer start(Map<String, Object> properties) {
        Map<String, Object> all = new HashMap<>();
        all.put("micronaut.server.port", -1);
        all.putAll(properties);
        return ApplicationContext.run(EmbeddedServer.class, all);
    }
}
