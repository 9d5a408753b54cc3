package io.ratelimiter.deploychecks;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;
import org.yaml.snakeyaml.Yaml;

/**
 * loadtest/k6: k6 is not installable here, so each script is checked as JavaScript by node where node is on the
 * PATH: its syntax, and its options (thresholds) computed by running its init code against stand-ins for k6's
 * modules. The stand-ins only let the init code load; no request is made.
 */
class K6ScriptsTest {

    static final List<String> SCRIPTS = K6Scripts.NAMES;

    private static final Map<String, String> K6_MODULES = Map.of(
            "k6", """
                    export function check() { return true; }
                    export function fail(message) { throw new Error(message); }
                    export function sleep() {}
                    """,
            "k6/http", """
                    export default {
                      setResponseCallback() {},
                      expectedStatuses(...statuses) { return statuses; },
                    };
                    """,
            "k6/metrics", """
                    export class Counter { constructor(name) { this.name = name; } add() {} }
                    """);

    private static final String PRINT_OPTIONS = """
            globalThis.__ENV = JSON.parse(process.argv[2]);
            const script = await import(process.argv[3]);
            console.log(JSON.stringify(script.options, null, 2));
            """;

    @TempDir
    Path dir;

    @ParameterizedTest
    @FieldSource("SCRIPTS")
    void everyScriptTakesTheBaseUrlFromTheEnvironmentAndFailsOnThresholds(String name) {
        String script = Repository.read(K6Scripts.DIR.resolve(name));
        String shared = Repository.read(K6Scripts.DIR.resolve(K6Scripts.SHARED));

        assertThat(script).contains("baseUrl()", "from './" + K6Scripts.SHARED + "'", "export const options", "thresholds");
        assertThat(shared).contains("__ENV.BASE_URL");
        assertThat(shared).as("no default target: a run goes where the operator says").doesNotContain("__ENV.BASE_URL ||");
    }

    @ParameterizedTest
    @FieldSource("SCRIPTS")
    void everyScriptIsValidJavaScript(String name) throws IOException {
        Path node = node();
        Path copy = Files.copy(K6Scripts.DIR.resolve(name), dir.resolve(name.replace(".js", ".mjs")));

        Tools.Result result = Tools.run(dir, Map.of(), Duration.ofSeconds(30), List.of(node.toString(), "--check", copy.toString()));

        assertThat(result.succeeded()).as(result.output()).isTrue();
    }

    @Test
    void theRateTestFailsTheRunWhenMoreGetThroughThanTheLimitAllows() throws IOException {
        Map<String, Object> defaults = options("rate-test.js", Map.of("BASE_URL", "http://lb.test"));
        Map<String, Object> tighter = options("rate-test.js", Map.of("BASE_URL", "http://lb.test", "LIMIT", "5", "WINDOW_S", "30"));

        // 95 s of run touch at most ceil(95 / 60) + 1 = 3 windows of 60 s, or ceil(95 / 30) + 1 = 5 of 30 s.
        assertThat(thresholds(defaults)).containsEntry("allowed", List.of("count<=30")).containsEntry("unexpected", List.of("count==0"));
        assertThat(thresholds(tighter)).containsEntry("allowed", List.of("count<=25"));
        assertThat(scenario(defaults, "seed")).containsEntry("executor", "ramping-vus");
        assertThat(stageTargets(scenario(defaults, "seed"))).containsExactly(20, 20);
    }

    @Test
    void inTheNoisyNeighbourRunPoliteClientsMustNeverBeDeniedAndTheNoisyOneNeverOverAdmitted() throws IOException {
        Map<String, Object> polite = options("noisy-neighbour.js", Map.of("BASE_URL", "http://lb.test", "ROLE", "polite", "POLITE_CLIENTS", "13"));
        Map<String, Object> noisy = options("noisy-neighbour.js", Map.of("BASE_URL", "http://lb.test", "ROLE", "noisy", "NOISY_RPS", "2000"));

        assertThat(thresholds(polite)).containsEntry("denied", List.of("count==0")).containsKey("http_req_duration");
        assertThat(scenario(polite, "polite")).containsEntry("vus", 13);
        assertThat(thresholds(noisy)).containsEntry("allowed", List.of("count<=40"));
        assertThat(scenario(noisy, "noisy")).containsEntry("rate", 2000).containsEntry("executor", "constant-arrival-rate");
    }

    @Test
    void aScriptRefusesToRunWithoutABaseUrl() throws IOException {
        Path node = node();
        Path script = stage("rate-test.js");

        Tools.Result result = Tools.run(dir, Map.of(), Duration.ofSeconds(30),
                List.of(node.toString(), dir.resolve("print-options.mjs").toString(), "{}", script.toUri().toString()));

        assertThat(result.succeeded()).isFalse();
        assertThat(result.output()).contains("set BASE_URL to the load balancer");
    }

    private Map<String, Object> options(String name, Map<String, String> environment) throws IOException {
        Path node = node();
        Path script = stage(name);

        Tools.Result result = Tools.run(dir, Map.of(), Duration.ofSeconds(30), List.of(node.toString(),
                dir.resolve("print-options.mjs").toString(), toJson(environment), script.toUri().toString()));

        assertThat(result.succeeded()).as(result.output()).isTrue();
        return new Yaml().load(result.output());
    }

    /** The script as an ES module whose k6 imports resolve to the stand-ins. */
    private Path stage(String name) throws IOException {
        for (String module : K6_MODULES.keySet()) {
            Files.writeString(dir.resolve(module.replace('/', '-') + ".mjs"), K6_MODULES.get(module));
        }
        Files.writeString(dir.resolve("print-options.mjs"), PRINT_OPTIONS);
        Files.writeString(dir.resolve(K6Scripts.SHARED.replace(".js", ".mjs")), asModule(K6Scripts.SHARED));
        return Files.writeString(dir.resolve(name.replace(".js", ".mjs")), asModule(name));
    }

    /** A script of loadtest/k6 with its imports pointed at the staged stand-ins and the staged shared module. */
    private static String asModule(String name) {
        String script = Repository.read(K6Scripts.DIR.resolve(name))
                .replace("from './" + K6Scripts.SHARED + "';", "from './" + K6Scripts.SHARED.replace(".js", ".mjs") + "';");
        for (String module : K6_MODULES.keySet()) {
            script = script.replace("from '" + module + "';", "from './" + module.replace('/', '-') + ".mjs';");
        }
        return script;
    }

    private static String toJson(Map<String, String> environment) {
        StringBuilder json = new StringBuilder("{");
        environment.forEach((key, value) -> json.append(json.length() > 1 ? "," : "")
                .append('"').append(key).append("\":\"").append(value).append('"'));
        return json.append('}').toString();
    }

    private static Path node() {
        return Tools.require("node", "the k6 scripts were not checked as JavaScript here");
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> thresholds(Map<String, Object> options) {
        return (Map<String, Object>) options.get("thresholds");
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> scenario(Map<String, Object> options, String name) {
        return (Map<String, Object>) ((Map<String, Object>) options.get("scenarios")).get(name);
    }

    @SuppressWarnings("unchecked")
    private static List<Integer> stageTargets(Map<String, Object> scenario) {
        return ((List<Map<String, Object>>) scenario.get("stages")).stream().map(stage -> (Integer) stage.get("target")).toList();
    }
}
