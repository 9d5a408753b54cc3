package io.ratelimiter.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LoadBalancerTest {

    private static final Path REPOSITORY = Path.of("..").toAbsolutePath().normalize();

    @TempDir
    Path directory;

    @Test
    void theDeployedTemplateRendersWithEveryNodeAndNoPlaceholderLeft() throws IOException {
        String template = Files.readString(REPOSITORY.resolve(LoadBalancer.TEMPLATE));

        String rendered = LoadBalancer.render(template, 8080, List.of("127.0.0.1:8081", "127.0.0.1:8082", "127.0.0.1:8083"));

        assertThat(rendered)
                .contains("listen 8080")
                .contains("server 127.0.0.1:8081;")
                .contains("server 127.0.0.1:8082;")
                .contains("server 127.0.0.1:8083;")
                .doesNotContain("${");
    }

    @Test
    void theWrittenConfigurationKeepsLogsAndPidInsideTheDataDirectory() throws IOException {
        Path conf = LoadBalancer.writeConfiguration(REPOSITORY, directory, 9080, 9081, 2);

        String main = Files.readString(conf);
        assertThat(main).contains("pid " + directory.toAbsolutePath() + "/nginx.pid")
                .contains("include " + directory.resolve("ratelimiter.conf").toAbsolutePath())
                .contains("daemon off;");
        assertThat(Files.readString(directory.resolve("ratelimiter.conf"))).contains("server 127.0.0.1:9082;");
    }
}
