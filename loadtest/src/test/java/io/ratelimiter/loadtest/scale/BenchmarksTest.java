package io.ratelimiter.loadtest.scale;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class BenchmarksTest {

    @Test
    void helpListsEveryOptionAndEveryPart() {
        String help = Benchmarks.read("--help").getUsageMessage(CommandLine.Help.Ansi.OFF);

        assertThat(help).contains("--quick", "--profile", "--only=PART", "redis, peer, check, bucket4j, deny-cache, http, growth, convergence");
    }

    @Test
    void anUnknownPartOrOptionIsRefused() {
        assertThatThrownBy(() -> Benchmarks.read("--only=redis,nope")).hasMessageContaining("not a part: nope");
        assertThatThrownBy(() -> Benchmarks.read("--fast")).hasMessageContaining("--fast");
    }
}
