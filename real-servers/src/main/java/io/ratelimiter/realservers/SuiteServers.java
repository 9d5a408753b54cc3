package io.ratelimiter.realservers;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Which servers the running test suite was handed and where each came from, kept for the line
 * {@link SuiteServersReport} logs when the suite ends.
 */
final class SuiteServers {

    /** What {@link RealServers} hands out in this JVM. */
    static final SuiteServers OF_THIS_JVM = new SuiteServers();

    private final Set<String> handedOut = new LinkedHashSet<>();

    synchronized void handedOut(String origin) {
        handedOut.add(origin);
    }

    /** Everything handed out since the last call, each once, in the order first handed out. */
    synchronized List<String> drain() {
        List<String> all = List.copyOf(handedOut);
        handedOut.clear();
        return all;
    }
}
