package io.ratelimiter.deploychecks;

import java.nio.file.Path;
import java.util.List;

/** The k6 scripts operators run from the load-tester VM. */
final class K6Scripts {

    static final Path DIR = Repository.path("loadtest", "k6");
    static final List<String> NAMES = List.of("rate-test.js", "script.js", "noisy-neighbour.js");
    /** Imported by the scripts: what they all read from the environment and from answers. */
    static final String SHARED = "common.js";

    private K6Scripts() {
    }
}
