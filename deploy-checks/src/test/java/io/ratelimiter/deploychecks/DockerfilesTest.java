package io.ratelimiter.deploychecks;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.yaml.snakeyaml.Yaml;

/**
 * The images of the two apps, read as text (CI also builds and boots them: deploy/docker/boot-check). Each Dockerfile
 * must copy the jar its module's build writes, send only that jar to the builder, run it as a non-root user and check
 * /health.
 */
class DockerfilesTest {

    @ParameterizedTest
    @CsvSource({"shortener-api", "admin-ui"})
    void theImageCopiesTheJarItsModuleBuilds(String module) throws Exception {
        Dockerfile dockerfile = Dockerfile.of(module);
        String jar = module + "/target/" + finalName(module) + ".jar";

        assertThat(jar).as("the contract (contracts: fat jars)").isEqualTo(module + "/target/" + module + ".jar");
        assertThat(dockerfile.instruction("COPY")).hasValueSatisfying(copy -> assertThat(copy.split("\\s+")).contains(jar));
        assertThat(Repository.read(dockerfile.ignoreFile()).lines())
                .as("the build context sends only the jar").containsExactly("*", "!" + jar);
        assertThat(dockerfile.instruction("ENTRYPOINT")).hasValueSatisfying(entrypoint ->
                assertThat(entrypoint).contains("\"java\"", "\"-jar\"", "\"/app/" + module + ".jar\""));
    }

    @ParameterizedTest
    @CsvSource({"shortener-api, 8080, 9080", "admin-ui, 8090, 9090"})
    void theImageListensOnTheAppsDefaultPortAndChecksHealthOnItsManagementPort(String module, int port, int management) {
        Dockerfile dockerfile = Dockerfile.of(module);

        assertThat(defaultPort(module)).as("micronaut.server.port in %s's application.yml", module).isEqualTo(port);
        assertThat(dockerfile.instruction("EXPOSE")).contains(String.valueOf(port));
        assertThat(dockerfile.instruction("ENV")).hasValueSatisfying(env -> assertThat(env.split("\\s+"))
                .contains("MICRONAUT_SERVER_PORT=" + port, "ENDPOINTS_ALL_PORT=" + management));
        assertThat(dockerfile.instruction("HEALTHCHECK")).hasValueSatisfying(check ->
                assertThat(check).contains("http://127.0.0.1:${ENDPOINTS_ALL_PORT}/health"));
    }

    @ParameterizedTest
    @CsvSource({"shortener-api", "admin-ui"})
    void theAppRunsAsAnUnprivilegedUser(String module) {
        Dockerfile dockerfile = Dockerfile.of(module);

        assertThat(dockerfile.instruction("USER")).hasValueSatisfying(user ->
                assertThat(user.split(":")[0]).isNotIn("root", "0").matches("[1-9][0-9]{3,}|[a-z_][a-z0-9_-]*"));
        assertThat(dockerfile.lastIndexOf("USER")).as("USER comes after every COPY and RUN")
                .isGreaterThan(dockerfile.lastIndexOf("COPY")).isGreaterThan(dockerfile.lastIndexOf("RUN"));
    }

    @ParameterizedTest
    @CsvSource({"shortener-api", "admin-ui"})
    void theImageIsASmallJreAndChecksHealth(String module) {
        Dockerfile dockerfile = Dockerfile.of(module);

        assertThat(dockerfile.instruction("FROM")).hasValue("${BASE_IMAGE}");
        assertThat(dockerfile.instructions()).as("the official JRE unless the build says otherwise (CI: a local one)")
                .contains("ARG BASE_IMAGE=eclipse-temurin:17-jre-alpine");
        assertThat(dockerfile.instructions().indexOf("ARG BASE_IMAGE=eclipse-temurin:17-jre-alpine"))
                .isLessThan(dockerfile.lastIndexOf("FROM"));
        assertThat(dockerfile.instruction("HEALTHCHECK")).hasValueSatisfying(check ->
                assertThat(check).contains("CMD").contains("/health"));
    }

    @ParameterizedTest
    @CsvSource({"shortener-api", "admin-ui"})
    void theImageBuildsWhereNoRegistryAnswers(String module) {
        assertThat(Repository.read(Dockerfile.of(module).file()).lines().map(String::strip))
                .as("a syntax line makes BuildKit fetch its Dockerfile frontend from Docker Hub")
                .noneMatch(line -> line.matches("#\\s*syntax\\s*=.*"));
    }

    private static String finalName(String module) throws Exception {
        Document pom = DocumentBuilderFactory.newInstance().newDocumentBuilder()
                .parse(Repository.path(module, "pom.xml").toFile());
        Element project = pom.getDocumentElement();
        String artifactId = directChild(project, "artifactId").orElseThrow();
        String version = directChild(project, "version")
                .or(() -> directChild((Element) project.getElementsByTagName("parent").item(0), "version"))
                .orElseThrow();
        Optional<String> finalName = Optional.ofNullable((Element) project.getElementsByTagName("build").item(0))
                .flatMap(build -> directChild(build, "finalName"));
        return finalName.orElse("${project.artifactId}-${project.version}")
                .replace("${project.artifactId}", artifactId)
                .replace("${project.version}", version);
    }

    private static Optional<String> directChild(Element parent, String name) {
        for (var node = parent.getFirstChild(); node != null; node = node.getNextSibling()) {
            if (node instanceof Element element && element.getTagName().equals(name)) {
                return Optional.of(element.getTextContent().trim());
            }
        }
        return Optional.empty();
    }

    @SuppressWarnings("unchecked")
    private static int defaultPort(String module) {
        Map<String, Object> config = new Yaml().load(Repository.read(Repository.path(module, "src/main/resources/application.yml")));
        Map<String, Object> server = (Map<String, Object>) ((Map<String, Object>) config.get("micronaut")).get("server");
        return (Integer) server.get("port");
    }

    /** A Dockerfile as its instructions, continuation lines joined and comments dropped. */
    private record Dockerfile(Path file, List<String> instructions) {

        static Dockerfile of(String module) {
            Path file = Repository.path("deploy", "docker", module + ".Dockerfile");
            assertThat(file).exists();
            List<String> instructions = new ArrayList<>();
            StringBuilder current = new StringBuilder();
            for (String line : Repository.read(file).lines().toList()) {
                String stripped = line.strip();
                if (stripped.startsWith("#") || stripped.isEmpty()) {
                    continue;
                }
                if (stripped.endsWith("\\")) {
                    current.append(stripped, 0, stripped.length() - 1).append(' ');
                } else {
                    instructions.add(current.append(stripped).toString());
                    current.setLength(0);
                }
            }
            return new Dockerfile(file, instructions);
        }

        Path ignoreFile() {
            Path ignore = file.resolveSibling(file.getFileName() + ".dockerignore");
            assertThat(Files.exists(ignore)).as(ignore + " exists").isTrue();
            return ignore;
        }

        /** The arguments of the last instruction of that kind (the one that takes effect). */
        Optional<String> instruction(String keyword) {
            int index = lastIndexOf(keyword);
            return index < 0 ? Optional.empty() : Optional.of(instructions.get(index).substring(keyword.length()).strip());
        }

        int lastIndexOf(String keyword) {
            for (int i = instructions.size() - 1; i >= 0; i--) {
                if (instructions.get(i).startsWith(keyword + " ")) {
                    return i;
                }
            }
            return -1;
        }
    }
}
