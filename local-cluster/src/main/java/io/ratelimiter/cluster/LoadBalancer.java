package io.ratelimiter.cluster;

import io.ratelimiter.realservers.Executables;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * nginx in front of the API nodes, configured from the same template the Docker and Proxmox deployments render
 * ({@code deploy/nginx/ratelimiter.conf.template}), with {@code ${LISTEN_PORT}} and {@code ${UPSTREAM_SERVERS}}
 * replaced as envsubst would.
 */
public final class LoadBalancer {

    public static final Path TEMPLATE = Path.of("deploy", "nginx", "ratelimiter.conf.template");

    private LoadBalancer() {
    }

    /** The nginx binary on this machine, if any: the cluster runs without a load balancer otherwise. */
    static Optional<Path> findNginx() {
        return Executables.onPath("nginx", List.of(Path.of("/usr/sbin"), Path.of("/usr/local/sbin")));
    }

    /** The template with its two placeholders replaced, literally, as envsubst and Terraform's templatefile() do. */
    public static String render(String template, int listenPort, List<String> upstreamHostPorts) {
        return template.replace("${LISTEN_PORT}", Integer.toString(listenPort))
                .replace("${UPSTREAM_SERVERS}", upstreamServers(upstreamHostPorts));
    }

    /** {@code host:port} entries as the upstream block lists them, one server per line. */
    public static String upstreamServers(List<String> hostPorts) {
        return hostPorts.stream().map(hostPort -> "server " + hostPort + ";").collect(Collectors.joining("\n    "));
    }

    /**
     * A whole nginx.conf around a rendered include, with every path nginx writes (pid, logs, temp files) under
     * {@code directory}, so it runs as any user beside anything else on the machine.
     */
    public static Path writeStandaloneConfig(Path directory, String renderedInclude) {
        try {
            Files.createDirectories(directory);
            Path include = Files.writeString(directory.resolve("ratelimiter.conf"), renderedInclude);
            String main = """
                    worker_processes 1;
                    daemon off;
                    pid %1$s/nginx.pid;
                    error_log %1$s/error.log warn;
                    events { worker_connections 1024; }
                    http {
                        access_log %1$s/access.log;
                        client_body_temp_path %1$s/client_body;
                        proxy_temp_path %1$s/proxy;
                        fastcgi_temp_path %1$s/fastcgi;
                        uwsgi_temp_path %1$s/uwsgi;
                        scgi_temp_path %1$s/scgi;
                        include %2$s;
                    }
                    """.formatted(directory.toAbsolutePath(), include.toAbsolutePath());
            return Files.writeString(directory.resolve("nginx.conf"), main);
        } catch (IOException e) {
            throw new UncheckedIOException("could not write the nginx configuration under " + directory, e);
        }
    }

    /** The cluster's nginx.conf under {@code directory}, in front of nodes on consecutive loopback ports. */
    static Path writeConfiguration(Path root, Path directory, int listenPort, int firstNodePort, int nodes) {
        try {
            List<String> nodesHostPorts = IntStream.range(0, nodes).mapToObj(i -> "127.0.0.1:" + (firstNodePort + i)).toList();
            return writeStandaloneConfig(directory, render(Files.readString(root.resolve(TEMPLATE)), listenPort, nodesHostPorts));
        } catch (IOException e) {
            throw new UncheckedIOException("could not read " + root.resolve(TEMPLATE), e);
        }
    }
}
