package io.ratelimiter.realservers;

import java.util.List;
import java.util.Optional;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.engine.support.descriptor.ClassSource;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Logs, as each test class ends, which servers it ran on and where they came from, e.g. {@code real-servers:
 * RateLimitFilterTest ran on Redis from Testcontainers (Docker, image redis:7.4-alpine)}: the test log says per suite
 * which path it took, also when a module's shared server was started by an earlier suite. The JUnit Platform finds
 * this listener through {@code META-INF/services}, in every module that tests with real-servers.
 */
public final class SuiteServersReport implements TestExecutionListener {

    private static final Logger LOG = LoggerFactory.getLogger(SuiteServersReport.class);

    private final SuiteServers servers;

    /** The JUnit Platform's way in: reports what {@link RealServers} hands out. */
    public SuiteServersReport() {
        this(SuiteServers.OF_THIS_JVM);
    }

    SuiteServersReport(SuiteServers servers) {
        this.servers = servers;
    }

    @Override
    public void executionStarted(TestIdentifier test) {
        topLevelClass(test).ifPresent(suite -> servers.drain());
    }

    @Override
    public void executionFinished(TestIdentifier test, TestExecutionResult result) {
        topLevelClass(test).ifPresent(suite -> {
            List<String> handedOut = servers.drain();
            if (!handedOut.isEmpty()) {
                LOG.info("real-servers: {} ran on {}", suite, String.join("; ", handedOut));
            }
        });
    }

    /** The simple name of a test class that is not nested in another: nested classes report with their outer one. */
    private static Optional<String> topLevelClass(TestIdentifier test) {
        return test.getSource()
                .filter(ClassSource.class::isInstance)
                .map(source -> ((ClassSource) source).getClassName())
                .filter(name -> !name.contains("$"))
                .map(name -> name.substring(name.lastIndexOf('.') + 1));
    }
}
