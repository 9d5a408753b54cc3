package io.ratelimiter.loadtest.scenario;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ratelimiter.limiter.policy.Limit;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine.ParameterException;

class OptionsTest {

    /** docs/performance.md, "Load test over HTTP": every option the load test takes. */
    private static final List<String> DOCUMENTED = List.of("--quick", "--base-url", "--cluster", "--nodes", "--metrics",
            "--redis-uri", "--key-prefix", "--report-dir", "--cluster-nodes", "--timeout", "--seed-vus", "--seed-clients",
            "--seed-ramp", "--seed-hold", "--seed-think", "--noisy-rps", "--noisy-connections", "--polite-clients",
            "--noisy-duration", "--noisy-baseline", "--many-clients", "--many-steps", "--many-requests", "--many-concurrency",
            "--policy-clients", "--policy-duration", "--policy-think", "--policy-before", "--policy-after", "--help");

    @Test
    void withoutOptionsEveryScenarioRunsAtItsNormalDefaults() {
        Options options = Options.parse();

        assertThat(options.scenarios()).containsExactly("seed", "noisy", "many", "policy");
        assertThat(options.seedVus).isEqualTo(20);
        assertThat(options.seedRamp).isEqualTo(Duration.ofSeconds(30));
        assertThat(options.noisyRps).isEqualTo(2000);
        assertThat(options.manyClients).isEqualTo(10_000);
        assertThat(options.policyThink).isEqualTo(Duration.ofMillis(200));
        assertThat(options.policyBefore).isEqualTo(Limit.parse("10/10s"));
        assertThat(options.timeout).isEqualTo(Duration.ofSeconds(10));
        assertThat(options.keyPrefix).isEqualTo("rl");
        assertThat(options.reportDir).isEqualTo(Path.of("loadtest/target/loadtest-report"));
        assertThat(options.baseUrl()).isEmpty();
    }

    @Test
    void quickTakesTheQuickDefaultsButNeverOverridesAnOptionGiven() {
        Options options = Options.parse("noisy", "--noisy-rps=700", "--quick");

        assertThat(options.scenarios()).containsExactly("noisy");
        assertThat(options.noisyRps).isEqualTo(700);
        assertThat(options.noisyConnections).isEqualTo(16);
        assertThat(options.noisyDuration).isEqualTo(Duration.ofSeconds(20));
        assertThat(options.seedVus).isEqualTo(20);
        assertThat(options.toString()).isEqualTo("noisy --noisy-rps=700 --quick");
    }

    @Test
    void badValuesAndUnknownNamesAreRefusedNamingTheOption() {
        assertThatThrownBy(() -> Options.parse("--seed-vus=0")).isInstanceOf(ParameterException.class)
                .hasMessageContaining("--seed-vus").hasMessageContaining("at least 1");
        assertThatThrownBy(() -> Options.parse("--seed-vus=many")).hasMessageContaining("whole number");
        assertThatThrownBy(() -> Options.parse("--seed-ramp=1h")).hasMessageContaining("--seed-ramp").hasMessageContaining("90s, 200ms or 2m");
        assertThatThrownBy(() -> Options.parse("--policy-after=3")).hasMessageContaining("--policy-after").hasMessageContaining("quota/window");
        assertThatThrownBy(() -> Options.parse("--seed-vu=3")).hasMessageContaining("--seed-vu=3");
        assertThatThrownBy(() -> Options.parse("seeds")).hasMessageContaining("not a scenario: seeds");
    }

    @Test
    void helpListsEveryOptionWithItsDefaultAndQuickDefault() {
        String help = Options.usage();

        DOCUMENTED.forEach(option -> assertThat(help).contains(option));
        assertThat(help).contains("default 30s, --quick 5s", "default 20\n", "default 10/10s");
        assertThat(Options.read().getCommandSpec().options()).allSatisfy(option -> assertThat(DOCUMENTED).contains(option.longestName()));
    }
}
