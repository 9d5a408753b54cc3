package io.ratelimiter.realservers;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.engine.UniqueId;
import org.junit.platform.engine.support.descriptor.AbstractTestDescriptor;
import org.junit.platform.engine.support.descriptor.ClassSource;
import org.junit.platform.launcher.TestIdentifier;
import org.slf4j.LoggerFactory;

class SuiteServersReportTest {

    private final SuiteServers servers = new SuiteServers();
    private final SuiteServersReport report = new SuiteServersReport(servers);
    private final Logger logger = (Logger) LoggerFactory.getLogger(SuiteServersReport.class);
    private final ListAppender<ILoggingEvent> log = new ListAppender<>();

    @BeforeEach
    void captureTheLog() {
        log.start();
        logger.addAppender(log);
        // These suites are made up: their lines must not reach the test log, where they would read as real ones.
        logger.setAdditive(false);
    }

    @AfterEach
    void releaseTheLog() {
        logger.setAdditive(true);
        logger.detachAppender(log);
    }

    @Test
    void aSuiteEndsWithOneLineNamingEachServerItWasHandedOnce() {
        TestIdentifier suite = suite("io.ratelimiter.limiter.http.RateLimitFilterTest");

        report.executionStarted(suite);
        servers.handedOut("Redis from Testcontainers (Docker, image local/redis:7)");
        servers.handedOut("PostgreSQL from the embedded server binary (REAL_SERVERS_SOURCE=embedded)");
        servers.handedOut("Redis from Testcontainers (Docker, image local/redis:7)");
        report.executionFinished(suite, TestExecutionResult.successful());

        assertThat(log.list).extracting(ILoggingEvent::getFormattedMessage).containsExactly(
                "real-servers: RateLimitFilterTest ran on Redis from Testcontainers (Docker, image local/redis:7); "
                        + "PostgreSQL from the embedded server binary (REAL_SERVERS_SOURCE=embedded)");
    }

    @Test
    void whatAnEarlierSuiteWasHandedIsNotTheNextOnes() {
        TestIdentifier first = suite("io.ratelimiter.FirstTest");
        TestIdentifier second = suite("io.ratelimiter.SecondTest");

        report.executionStarted(first);
        servers.handedOut("Redis Cluster from the embedded server binary (always, for a Cluster or Sentinel)");
        report.executionFinished(first, TestExecutionResult.failed(new AssertionError("a failing suite reports too")));
        report.executionStarted(second);
        report.executionFinished(second, TestExecutionResult.successful());

        assertThat(log.list).extracting(ILoggingEvent::getFormattedMessage).containsExactly(
                "real-servers: FirstTest ran on Redis Cluster from the embedded server binary (always, for a Cluster or Sentinel)");
    }

    @Test
    void aNestedClassReportsWithTheSuiteAroundIt() {
        TestIdentifier outer = suite("io.ratelimiter.OuterTest");
        TestIdentifier nested = suite("io.ratelimiter.OuterTest$WhenRedisIsDown");

        report.executionStarted(outer);
        report.executionStarted(nested);
        servers.handedOut("Redis of its own from Testcontainers (Docker, image redis:7.4-alpine)");
        report.executionFinished(nested, TestExecutionResult.successful());
        report.executionFinished(outer, TestExecutionResult.successful());

        assertThat(log.list).extracting(ILoggingEvent::getFormattedMessage).containsExactly(
                "real-servers: OuterTest ran on Redis of its own from Testcontainers (Docker, image redis:7.4-alpine)");
    }

    private static TestIdentifier suite(String className) {
        UniqueId id = UniqueId.forEngine("junit-jupiter").append("class", className);
        return TestIdentifier.from(new AbstractTestDescriptor(id, className, ClassSource.from(className)) {
            @Override
            public Type getType() {
                return Type.CONTAINER;
            }
        });
    }
}
