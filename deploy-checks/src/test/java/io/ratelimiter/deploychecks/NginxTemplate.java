package io.ratelimiter.deploychecks;

import io.ratelimiter.cluster.LoadBalancer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * deploy/nginx/ratelimiter.conf.template and its rendering rule (docs/deployment.md): each placeholder, braces
 * included, is replaced by its value, literally; nothing else in the file is dollar-brace syntax.
 */
final class NginxTemplate {

    static final Path FILE = Repository.path("deploy", "nginx", "ratelimiter.conf.template");
    static final Set<String> PLACEHOLDERS = Set.of("LISTEN_PORT", "UPSTREAM_SERVERS");

    private static final Pattern DOLLAR_BRACE = Pattern.compile("\\$\\{([^}]*)}");

    private NginxTemplate() {
    }

    static String text() {
        return Repository.read(FILE);
    }

    static Set<String> placeholdersIn(String template) {
        Set<String> found = new LinkedHashSet<>();
        Matcher matcher = DOLLAR_BRACE.matcher(template);
        while (matcher.find()) {
            found.add(matcher.group(1));
        }
        return found;
    }

    /** Rendered by the local launcher's own code, so these checks cover what ./run-cluster runs too. */
    static String render(int listenPort, List<String> upstreams) {
        return LoadBalancer.render(text(), listenPort, upstreams);
    }

    static String render(String template, Map<String, String> values) {
        String rendered = template;
        for (Map.Entry<String, String> value : values.entrySet()) {
            rendered = rendered.replace("${" + value.getKey() + "}", value.getValue());
        }
        return rendered;
    }

    static String upstreamServers(List<String> hostPorts) {
        return LoadBalancer.upstreamServers(hostPorts);
    }

    static Path writeStandaloneConfig(Path dir, String renderedInclude) {
        return LoadBalancer.writeStandaloneConfig(dir, renderedInclude);
    }

    /** nginx -t on a config written by {@link #writeStandaloneConfig}. */
    static Tools.Result test(Path nginx, Path conf) {
        Path dir = conf.getParent();
        return Tools.run(dir, Map.of(), Duration.ofSeconds(30),
                List.of(nginx.toString(), "-t", "-p", dir.toString(), "-c", conf.toString(), "-e", dir.resolve("error.log").toString()));
    }
}
