package io.ratelimiter.cluster;

import io.ratelimiter.realservers.EmbeddedPostgresServer;
import io.ratelimiter.realservers.EmbeddedRedis;
import io.ratelimiter.realservers.ServiceProcess;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.locks.LockSupport;
import picocli.CommandLine;
import picocli.CommandLine.ParameterException;

/**
 * Runs the whole cluster on this machine until Ctrl-C: Redis, PostgreSQL, N shortener nodes, nginx in front of them
 * (where nginx is installed) and the admin console, each its own process as in production. Data lives under the data
 * directory and survives restarts; Ctrl-C (or SIGTERM) stops every process it started.
 */
public final class LocalCluster {

    private static final Duration START_TIMEOUT = Duration.ofSeconds(120);
    /** The one database both apps share, as in the deployments. */
    private static final String DATABASE = "ratelimiter";

    private final ClusterSettings settings;
    private final Leftovers leftovers;
    private final Deque<Runnable> stopActions = new ArrayDeque<>();
    private final List<ServiceProcess> services = new ArrayList<>();
    private String redisUri;
    private String databaseUrl;
    private Map<String, AppDatabase> databases;
    private AdminCredentials operator;
    private ClusterStatus status;
    /** Set when Ctrl-C arrives, so the status line does not report the processes going down one by one. */
    private volatile boolean stopping;

    private LocalCluster(ClusterSettings settings) {
        this.settings = settings;
        this.leftovers = new Leftovers(settings.dataDirectory());
    }

    public static void main(String[] args) {
        CommandLine line = ClusterSettings.commandLine(Path.of("").toAbsolutePath(), System.getenv());
        try {
            line.parseArgs(args);
        } catch (ParameterException e) {
            System.err.println("local-cluster: " + ClusterSettings.explain(e));
            System.exit(2);
            return;
        }
        if (line.isUsageHelpRequested()) {
            line.usage(System.out);
            return;
        }
        ClusterSettings settings = line.getCommand();
        LocalCluster cluster = new LocalCluster(settings);
        Runtime.getRuntime().addShutdownHook(new Thread(cluster::stop, "local-cluster-stop"));
        try {
            cluster.start();
        } catch (RuntimeException e) {
            System.err.println();
            System.err.println("local-cluster: could not start: " + e.getMessage());
            System.exit(1);
        }
        cluster.watch();
    }

    private void start() {
        System.out.println("local-cluster: data in " + settings.dataDirectory());
        leftovers.stopPreviousRun();
        ClusterStatus.forget(settings.dataDirectory());
        Jars.requireBuilt(settings.root());
        startRedis();
        startPostgres();
        for (int node = 1; node <= settings.nodes(); node++) {
            startJava("api-" + node, Jars.SHORTENER, settings.nodePort(node), settings.managementPort(node),
                    NodeEnvironment.apiNode(settings, redisUri, databases.get("shortener")));
        }
        operator = AdminCredentials.of(settings);
        startJava("admin", Jars.ADMIN, settings.adminPort(), settings.adminManagementPort(),
                NodeEnvironment.admin(settings, operator, redisUri, databases.get("console")));
        startLoadBalancer();
        for (ServiceProcess service : services) {
            System.out.print("  waiting for " + service.name() + " ...");
            service.awaitHealthy(START_TIMEOUT);
            System.out.println(" up");
        }
        status = statusNow();
        status.write(settings.dataDirectory());
        printWhatRunsWhere();
    }

    private ClusterStatus statusNow() {
        boolean balanced = services.stream().anyMatch(service -> service.name().equals("nginx"));
        List<ClusterStatus.Service> nodes = new ArrayList<>();
        for (int node = 1; node <= settings.nodes(); node++) {
            nodes.add(new ClusterStatus.Service(local(settings.nodePort(node)), local(settings.managementPort(node))));
        }
        return new ClusterStatus(ClusterStatus.RUNNING, ProcessHandle.current().pid(),
                balanced ? local(settings.loadBalancerPort()) : null, nodes,
                new ClusterStatus.Service(local(settings.adminPort()), local(settings.adminManagementPort())),
                redisUri, databaseUrl, settings.dataDirectory().resolve("logs").toString());
    }

    private static String local(int port) {
        return "http://localhost:" + port + "/";
    }

    private void startRedis() {
        if (settings.redisUri().isPresent()) {
            redisUri = settings.redisUri().get();
            System.out.println("  Redis: using " + redisUri + " (--redis-uri, REDIS_URI)");
            return;
        }
        EmbeddedRedis redis = EmbeddedRedis.start(settings.redisPort(), settings.dataDirectory().resolve("redis"));
        stopActions.push(redis::close);
        ProcessHandle.current().children()
                .filter(child -> child.info().command().map(command -> command.contains("redis-server")).orElse(false))
                .forEach(child -> leftovers.remember(child.pid()));
        redisUri = redis.uri();
        System.out.println("  Redis: started " + redisUri + " (embedded redis-server, append-only file in data directory)");
    }

    private void startPostgres() {
        if (settings.postgresUrl().isPresent()) {
            databaseUrl = settings.postgresUrl().get();
            // Both apps with the credentials given, each creating its own schema in that database.
            AppDatabase given = AppDatabase.singleRole(databaseUrl, settings.postgresUser(), settings.postgresPassword());
            databases = Map.of("shortener", given, "console", given);
            System.out.println("  PostgreSQL: using " + databaseUrl + " (--postgres-url, DATASOURCES_DEFAULT_URL)");
            return;
        }
        Path data = settings.dataDirectory().resolve("postgres");
        EmbeddedPostgresServer postgres = EmbeddedPostgresServer.start(settings.postgresPort(), data);
        stopActions.push(postgres::close);
        postmasterPid(data).ifPresent(leftovers::remember);
        createDatabaseIfAbsent(postgres.jdbcUrl("postgres"), postgres.username(), postgres.password(), DATABASE);
        databaseUrl = postgres.jdbcUrl(DATABASE);
        // The deployments' roles and schemas: the API cannot touch the console's audit here either.
        databases = PostgresRoles.apply(settings.root(), databaseUrl, postgres.username(), postgres.password());
        System.out.println("  PostgreSQL: started " + databaseUrl + " (embedded binaries, data in data directory;"
                + " schema shortener for the API, console for the console, each with its own roles)");
    }

    private void startJava(String name, Path jar, int port, int managementPort, Map<String, String> environment) {
        Map<String, String> env = new HashMap<>(environment);
        env.put("MICRONAUT_SERVER_PORT", Integer.toString(port));
        // Health and metrics on a port of their own, which nginx never proxies, as in every deployment.
        env.put("ENDPOINTS_ALL_PORT", Integer.toString(managementPort));
        ServiceProcess service = ServiceProcess.start(name, ServiceProcess.javaCommand(settings.root().resolve(jar)), env,
                settings.dataDirectory().resolve("logs").resolve(name + ".log"),
                URI.create("http://127.0.0.1:" + managementPort + "/health"));
        track(service);
    }

    private void startLoadBalancer() {
        Optional<Path> nginx = LoadBalancer.findNginx();
        if (nginx.isEmpty()) {
            System.out.println("  nginx: not installed, so no load balancer; clients talk to the nodes directly"
                    + " (apt-get install nginx-light to add it)");
            return;
        }
        Path directory = settings.dataDirectory().resolve("nginx");
        Path conf = LoadBalancer.writeConfiguration(settings.root(), directory, settings.loadBalancerPort(),
                settings.firstNodePort(), settings.nodes());
        ServiceProcess service = ServiceProcess.start("nginx", List.of(nginx.get().toString(), "-p", directory.toAbsolutePath().toString(),
                        "-c", conf.toAbsolutePath().toString()), Map.of(),
                settings.dataDirectory().resolve("logs").resolve("nginx.log"),
                URI.create("http://127.0.0.1:" + settings.loadBalancerPort() + "/nginx-health"));
        track(service);
    }

    private void track(ServiceProcess service) {
        services.add(service);
        leftovers.remember(service.pid());
        stopActions.push(service::stop);
    }

    private void printWhatRunsWhere() {
        System.out.println();
        System.out.println("The cluster runs. Ctrl-C stops every process it started.");
        if (status.api() != null) {
            System.out.printf("  API (through nginx)  %s%n", status.api());
        }
        for (int node = 1; node <= settings.nodes(); node++) {
            System.out.printf("  API node %-2d          http://localhost:%d/   health, metrics http://localhost:%d/   log %s%n",
                    node, settings.nodePort(node), settings.managementPort(node),
                    settings.dataDirectory().resolve("logs/api-" + node + ".log"));
        }
        System.out.printf("  Admin console        http://localhost:%d/   sign in as %s   (health http://localhost:%d/health)%n",
                settings.adminPort(), operator.describe(), settings.adminManagementPort());
        System.out.printf("  Redis                %s%n", redisUri);
        System.out.printf("  PostgreSQL           %s%n", databaseUrl);
        System.out.printf("  Logs                 %s%n", settings.dataDirectory().resolve("logs"));
        System.out.printf("  Status (JSON)        %s%n", ClusterStatus.file(settings.dataDirectory()));
        System.out.println();
    }

    /** A one-line status, refreshed in place on a terminal, printed on change otherwise. */
    private void watch() {
        boolean terminal = System.console() != null;
        String last = "";
        while (!stopping) {
            StringBuilder line = new StringBuilder("status:");
            for (ServiceProcess service : services) {
                line.append(' ').append(service.name()).append(service.isHealthy() ? " up" : " DOWN").append(',');
            }
            String status = line.substring(0, line.length() - 1);
            if (stopping) {
                return;
            }
            if (terminal) {
                System.out.print("\r" + status + "   ");
                System.out.flush();
            } else if (!status.equals(last)) {
                System.out.println(status);
            }
            last = status;
            LockSupport.parkNanos(Duration.ofSeconds(2).toNanos());
        }
    }

    private synchronized void stop() {
        stopping = true;
        if (stopActions.isEmpty()) {
            return;
        }
        System.out.println();
        System.out.println("local-cluster: stopping ...");
        while (!stopActions.isEmpty()) {
            try {
                stopActions.pop().run();
            } catch (RuntimeException e) {
                System.err.println("  " + e.getMessage());
            }
        }
        leftovers.forget();
        if (status != null) {
            status.stopped().write(settings.dataDirectory());
        }
        System.out.println("local-cluster: stopped");
    }

    private static Optional<Long> postmasterPid(Path dataDirectory) {
        try {
            return Optional.of(Long.parseLong(Files.readAllLines(dataDirectory.resolve("postmaster.pid")).get(0).strip()));
        } catch (Exception e) {
            return Optional.empty();
        }
    }

    private static void createDatabaseIfAbsent(String adminUrl, String user, String password, String database) {
        try (Connection connection = DriverManager.getConnection(adminUrl, user, password);
             PreparedStatement exists = connection.prepareStatement("SELECT 1 FROM pg_database WHERE datname = ?")) {
            exists.setString(1, database);
            try (ResultSet rows = exists.executeQuery()) {
                if (!rows.next()) {
                    try (Statement create = connection.createStatement()) {
                        create.execute("CREATE DATABASE " + database);
                    }
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("could not create the database " + database + ": " + e.getMessage(), e);
        }
    }
}
