package io.ratelimiter.deploychecks;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.Yaml;

/**
 * deploy/docker/compose.yaml as YAML, and the environment a service gets once compose has interpolated it from an
 * .env file: {@code ${NAME}}, {@code ${NAME:-default}}, {@code ${NAME:?message}} and {@code $$}, as the Compose
 * Specification defines them (the forms the file uses).
 */
final class ComposeFile {

    static final Path FILE = Repository.path("deploy", "docker", "compose.yaml");
    private static final Pattern VARIABLE = Pattern.compile("\\$\\$|\\$\\{([A-Z_][A-Z0-9_]*)(?:(:-|:\\?)([^}]*))?}");

    private ComposeFile() {
    }

    static Map<String, Object> yaml() {
        return new Yaml().load(Repository.read(FILE));
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> service(String name) {
        Object service = ((Map<String, Object>) yaml().get("services")).get(name);
        if (!(service instanceof Map)) {
            throw new AssertionError("compose.yaml has no service " + name);
        }
        return (Map<String, Object>) service;
    }

    /** The service's environment as written, before interpolation. */
    @SuppressWarnings("unchecked")
    static Map<String, String> rawEnvironment(String service) {
        Map<String, String> environment = new LinkedHashMap<>();
        ((Map<String, Object>) service(service).getOrDefault("environment", Map.of()))
                .forEach((name, value) -> environment.put(name, String.valueOf(value)));
        return environment;
    }

    /**
     * The environment the container gets with {@code dotEnv} as deploy/docker/.env: its {@code env_file}'s
     * {@code NAME=value} lines (taken literally, as compose does), then its {@code environment}, which wins.
     */
    static Map<String, String> environment(String service, Map<String, String> dotEnv) {
        Map<String, String> environment = new LinkedHashMap<>();
        Object envFiles = service(service).get("env_file");
        List<Object> files = envFiles == null ? List.of() : envFiles instanceof List<?> list ? List.copyOf(list) : List.of(envFiles);
        for (Object file : files) {
            for (String line : Repository.read(FILE.resolveSibling(String.valueOf(file))).lines().toList()) {
                int equals = line.indexOf('=');
                if (!line.isBlank() && !line.startsWith("#") && equals > 0) {
                    environment.put(line.substring(0, equals), line.substring(equals + 1));
                }
            }
        }
        rawEnvironment(service).forEach((name, value) -> environment.put(name, interpolate(value, dotEnv)));
        return environment;
    }

    @SuppressWarnings("unchecked")
    static List<String> ports(String service) {
        return ((List<Object>) service(service).getOrDefault("ports", List.of())).stream().map(String::valueOf).toList();
    }

    static String interpolate(String value, Map<String, String> dotEnv) {
        Matcher matcher = VARIABLE.matcher(value);
        StringBuilder result = new StringBuilder();
        while (matcher.find()) {
            String replacement;
            if (matcher.group().equals("$$")) {
                replacement = "$";
            } else {
                String set = dotEnv.get(matcher.group(1));
                boolean empty = set == null || set.isEmpty();
                if (":?".equals(matcher.group(2)) && empty) {
                    throw new IllegalArgumentException(matcher.group(3));
                }
                replacement = empty && ":-".equals(matcher.group(2)) ? matcher.group(3) : set == null ? "" : set;
            }
            matcher.appendReplacement(result, Matcher.quoteReplacement(replacement));
        }
        return matcher.appendTail(result).toString();
    }
}
