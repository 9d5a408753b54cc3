package io.ratelimiter.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.ParameterException;

class ClusterSettingsTest {

    /** README.md's table, "Run the local cluster": option, environment variable, default ("" for none). */
    private static final List<List<String>> DOCUMENTED = List.of(
            List.of("--nodes", "CLUSTER_NODES", "3"),
            List.of("--lb-port", "CLUSTER_LB_PORT", "8080"),
            List.of("--first-node-port", "CLUSTER_FIRST_NODE_PORT", "8081"),
            List.of("--admin-port", "CLUSTER_ADMIN_PORT", "8090"),
            List.of("--first-management-port", "CLUSTER_FIRST_MANAGEMENT_PORT", "9081"),
            List.of("--admin-management-port", "CLUSTER_ADMIN_MANAGEMENT_PORT", "9090"),
            List.of("--redis-port", "CLUSTER_REDIS_PORT", "6390"),
            List.of("--postgres-port", "CLUSTER_POSTGRES_PORT", "5440"),
            List.of("--data-dir", "CLUSTER_DATA_DIR", ".local-cluster"),
            List.of("--redis-uri", "REDIS_URI", ""),
            List.of("--postgres-url", "DATASOURCES_DEFAULT_URL", ""),
            List.of("--postgres-user", "DATASOURCES_DEFAULT_USERNAME", "postgres"),
            List.of("--postgres-password", "DATASOURCES_DEFAULT_PASSWORD", "postgres"));

    @TempDir
    Path root;

    @Test
    void defaultsDescribeThreeNodesBehindPort8080() {
        ClusterSettings settings = ClusterSettings.load(root, new String[0], Map.of());

        assertThat(settings.nodes()).isEqualTo(3);
        assertThat(settings.loadBalancerPort()).isEqualTo(8080);
        assertThat(settings.nodePort(1)).isEqualTo(8081);
        assertThat(settings.nodePort(3)).isEqualTo(8083);
        assertThat(settings.managementPort(2)).isEqualTo(9082);
        assertThat(settings.adminPort()).isEqualTo(8090);
        assertThat(settings.adminManagementPort()).isEqualTo(9090);
        assertThat(settings.redisPort()).isEqualTo(6390);
        assertThat(settings.postgresPort()).isEqualTo(5440);
        assertThat(settings.dataDirectory()).isEqualTo(root.resolve(".local-cluster"));
        assertThat(settings.redisUri()).isEmpty();
        assertThat(settings.postgresUrl()).isEmpty();
        assertThat(settings.postgresUser()).isEqualTo("postgres");
        assertThat(settings.postgresPassword()).isEqualTo("postgres");
    }

    @Test
    void optionsBeatTheEnvironmentWhichBeatsTheSettingsFile() throws IOException {
        Files.writeString(root.resolve(ClusterSettings.SETTINGS_FILE), """
                # a comment
                CLUSTER_NODES=5
                CLUSTER_ADMIN_PORT=9100
                CLUSTER_LB_PORT=9000
                """);

        ClusterSettings settings = ClusterSettings.load(root, new String[] {"--nodes=2"},
                Map.of("CLUSTER_NODES", "4", "CLUSTER_LB_PORT", "9001", "REDIS_URI", "redis://10.1.1.1:6379"));

        assertThat(settings.nodes()).isEqualTo(2);
        assertThat(settings.loadBalancerPort()).isEqualTo(9001);
        assertThat(settings.adminPort()).isEqualTo(9100);
        assertThat(settings.redisUri()).hasValue("redis://10.1.1.1:6379");
    }

    @Test
    void anOptionMayBeGivenAsTwoWordsAndABlankVariableCountsAsUnset() {
        ClusterSettings settings = ClusterSettings.load(root, new String[] {"--data-dir", "elsewhere", "--postgres-url",
                "jdbc:postgresql://db:5432/ratelimiter"}, Map.of("CLUSTER_NODES", " ", "DATASOURCES_DEFAULT_USERNAME", "app"));

        assertThat(settings.dataDirectory()).isEqualTo(root.resolve("elsewhere"));
        assertThat(settings.postgresUrl()).hasValue("jdbc:postgresql://db:5432/ratelimiter");
        assertThat(settings.postgresUser()).isEqualTo("app");
        assertThat(settings.nodes()).isEqualTo(3);
    }

    @Test
    void nonsenseIsRefusedWithAMessageThatNamesTheOptionAndItsVariable() {
        assertThat(refusal(new String[] {"--nodes=many"}, Map.of())).contains("--nodes", "'many'", "whole number", "CLUSTER_NODES");
        assertThat(refusal(new String[0], Map.of("CLUSTER_NODES", "many"))).contains("CLUSTER_NODES", "'many'");
        assertThat(refusal(new String[] {"--nodes=0"}, Map.of())).contains("between 1 and 16");
        assertThat(refusal(new String[] {"--node=3"}, Map.of())).contains("--node=3", "--help lists every option");
        assertThat(refusal(new String[] {"nodes"}, Map.of())).contains("'nodes'");
    }

    @Test
    void helpListsEveryOptionWithItsVariableAndDefault() {
        CommandLine line = ClusterSettings.commandLine(root, Map.of());
        String help = line.getUsageMessage(CommandLine.Help.Ansi.OFF);

        List<String> names = new ArrayList<>(DOCUMENTED.stream().map(row -> row.get(0)).toList());
        names.add("--help");
        assertThat(line.getCommandSpec().options()).extracting(OptionSpec::longestName).containsExactlyElementsOf(names);
        for (List<String> row : DOCUMENTED) {
            String sources = "env " + row.get(1) + (row.get(2).isEmpty() ? "" : ", default " + row.get(2));
            assertThat(help).contains(row.get(0) + "=").containsPattern("(?m)^\\s+" + Pattern.quote(sources) + "$");
        }
    }

    @Test
    void helpShowsTheDocumentedDefaultsNotTheValuesTheEnvironmentGives() {
        String help = ClusterSettings.commandLine(root, Map.of("DATASOURCES_DEFAULT_PASSWORD", "s3cret"))
                .getUsageMessage(CommandLine.Help.Ansi.OFF);

        assertThat(help).contains("env DATASOURCES_DEFAULT_PASSWORD, default postgres").doesNotContain("s3cret");
    }

    private String refusal(String[] args, Map<String, String> environment) {
        ParameterException refused = catchThrowableOfType(ParameterException.class, () -> ClusterSettings.load(root, args, environment));
        assertThat(refused).as("refused").isNotNull();
        return ClusterSettings.explain(refused);
    }
}
