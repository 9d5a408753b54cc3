package io.ratelimiter.cluster;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.lang.reflect.AnnotatedElement;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;

/**
 * What the local cluster looks like: the launcher's command line. Each setting comes from, in order of precedence: a
 * command-line option ({@code --nodes=5}), the environment ({@code CLUSTER_NODES=5}), the optional file
 * {@code local-cluster.env} in the repository root ({@code CLUSTER_NODES=5} lines), or the default. {@code --help}
 * lists every option with its environment variable and default.
 */
@Command(name = "run-cluster", sortOptions = false, usageHelpWidth = 120,
        description = "Runs the whole cluster on this machine until Ctrl-C. Each option can also be given as its environment"
                + " variable or as a NAME=value line in " + ClusterSettings.SETTINGS_FILE + " in the repository root;"
                + " an option beats the environment, which beats the file.")
final class ClusterSettings {

    static final String SETTINGS_FILE = "local-cluster.env";

    /** The environment variable (and {@code local-cluster.env} name) an option can also be given as. */
    @Retention(RetentionPolicy.RUNTIME)
    @Target(ElementType.FIELD)
    @interface Env {
        String value();
    }

    private final Path root;

    @Option(names = "--nodes", paramLabel = "N", defaultValue = "3", converter = NodeCount.class,
            description = "number of shortener nodes (1 to 16)")
    @Env("CLUSTER_NODES")
    private int nodes;

    @Option(names = "--lb-port", paramLabel = "PORT", defaultValue = "8080", description = "nginx, the cluster's front door")
    @Env("CLUSTER_LB_PORT")
    private int loadBalancerPort;

    @Option(names = "--first-node-port", paramLabel = "PORT", defaultValue = "8081", description = "node n listens on this + n - 1")
    @Env("CLUSTER_FIRST_NODE_PORT")
    private int firstNodePort;

    @Option(names = "--admin-port", paramLabel = "PORT", defaultValue = "8090", description = "the admin console")
    @Env("CLUSTER_ADMIN_PORT")
    private int adminPort;

    @Option(names = "--first-management-port", paramLabel = "PORT", defaultValue = "9081",
            description = "node n's health and metrics on this + n - 1 (never behind nginx)")
    @Env("CLUSTER_FIRST_MANAGEMENT_PORT")
    private int firstManagementPort;

    @Option(names = "--admin-management-port", paramLabel = "PORT", defaultValue = "9090", description = "the console's health")
    @Env("CLUSTER_ADMIN_MANAGEMENT_PORT")
    private int adminManagementPort;

    @Option(names = "--redis-port", paramLabel = "PORT", defaultValue = "6390",
            description = "the Redis it starts (unless --redis-uri is given)")
    @Env("CLUSTER_REDIS_PORT")
    private int redisPort;

    @Option(names = "--postgres-port", paramLabel = "PORT", defaultValue = "5440",
            description = "the PostgreSQL it starts (unless --postgres-url is given)")
    @Env("CLUSTER_POSTGRES_PORT")
    private int postgresPort;

    @Option(names = "--data-dir", paramLabel = "DIR", defaultValue = ".local-cluster",
            description = "data, logs, generated nginx config (relative to the repository root)")
    @Env("CLUSTER_DATA_DIR")
    private Path dataDirectory;

    @Option(names = "--redis-uri", paramLabel = "URI", description = "use this Redis instead of starting one")
    @Env("REDIS_URI")
    private String redisUri;

    @Option(names = "--postgres-url", paramLabel = "JDBC-URL", description = "use this PostgreSQL instead of starting one;"
            + " both apps keep their tables in the database it names, each in its own schema")
    @Env("DATASOURCES_DEFAULT_URL")
    private String postgresUrl;

    @Option(names = "--postgres-user", paramLabel = "NAME", defaultValue = "postgres", description = "the role for --postgres-url")
    @Env("DATASOURCES_DEFAULT_USERNAME")
    private String postgresUser;

    @Option(names = "--postgres-password", paramLabel = "PASSWORD", defaultValue = "postgres",
            description = "its password (better given in the environment than on a command line)")
    @Env("DATASOURCES_DEFAULT_PASSWORD")
    private String postgresPassword;

    @Option(names = {"-h", "--help"}, usageHelp = true, description = "print this help and exit")
    private boolean help;

    private ClusterSettings(Path root) {
        this.root = root;
    }

    /** The launcher's command line for the repository at {@code root}; {@code environment} is usually {@code System.getenv()}. */
    static CommandLine commandLine(Path root, Map<String, String> environment) {
        CommandLine line = new CommandLine(new ClusterSettings(root))
                .registerConverter(Integer.TYPE, ClusterSettings::wholeNumber)
                .setDefaultValueProvider(new Sources(environment, readFile(root.resolve(SETTINGS_FILE))));
        nameTheSources(line.getCommandSpec());
        return line;
    }

    /** The settings {@code args} and the environment describe. */
    static ClusterSettings load(Path root, String[] args, Map<String, String> environment) {
        CommandLine line = commandLine(root, environment);
        line.parseArgs(args);
        return line.getCommand();
    }

    /** What was wrong, naming the environment variable too, since the value may have come from there. */
    static String explain(ParameterException e) {
        String message = e.getMessage();
        Optional<String> env = Optional.ofNullable(e.getArgSpec()).flatMap(ClusterSettings::env);
        if (env.isPresent() && e.getArgSpec() instanceof OptionSpec option) {
            message += " (" + option.longestName() + " may also come from " + env.get() + " or " + SETTINGS_FILE + ")";
        }
        return message + "; --help lists every option";
    }

    Path root() {
        return root;
    }

    Path dataDirectory() {
        return root.resolve(dataDirectory);
    }

    int nodes() {
        return nodes;
    }

    int loadBalancerPort() {
        return loadBalancerPort;
    }

    int firstNodePort() {
        return firstNodePort;
    }

    int adminPort() {
        return adminPort;
    }

    /** Node <i>n</i>'s health and metrics answer on this + <i>n</i> − 1, never behind nginx. */
    int firstManagementPort() {
        return firstManagementPort;
    }

    /** The console's health. */
    int adminManagementPort() {
        return adminManagementPort;
    }

    int redisPort() {
        return redisPort;
    }

    int postgresPort() {
        return postgresPort;
    }

    /** A Redis to use instead of starting one. */
    Optional<String> redisUri() {
        return given(redisUri);
    }

    /** A PostgreSQL JDBC URL to use instead of starting one; both apps keep their tables in the database it names. */
    Optional<String> postgresUrl() {
        return given(postgresUrl);
    }

    String postgresUser() {
        return postgresUser;
    }

    String postgresPassword() {
        return postgresPassword;
    }

    int nodePort(int node) {
        return firstNodePort + node - 1;
    }

    int managementPort(int node) {
        return firstManagementPort + node - 1;
    }

    private static int wholeNumber(String text) {
        try {
            return Integer.parseInt(text.strip());
        } catch (NumberFormatException e) {
            throw new CommandLine.TypeConversionException("must be a whole number, not '" + text + "'");
        }
    }

    private static final class NodeCount implements CommandLine.ITypeConverter<Integer> {

        @Override
        public Integer convert(String text) {
            int nodes = wholeNumber(text);
            if (nodes < 1 || nodes > 16) {
                throw new CommandLine.TypeConversionException("must be between 1 and 16, not " + nodes);
            }
            return nodes;
        }
    }

    private static Optional<String> given(String value) {
        return Optional.ofNullable(value).map(String::strip).filter(text -> !text.isEmpty());
    }

    private static Optional<String> env(ArgSpec argument) {
        return argument.userObject() instanceof AnnotatedElement element
                ? Optional.ofNullable(element.getAnnotation(Env.class)).map(Env::value)
                : Optional.empty();
    }

    /** Adds "env NAME, default value" under each option's description, so {@code --help} says where else it comes from. */
    private static void nameTheSources(CommandSpec spec) {
        for (OptionSpec option : List.copyOf(spec.options())) {
            List<String> description = new ArrayList<>(List.of(option.description()));
            env(option).ifPresent(env -> description.add("env " + env
                    + (option.defaultValue() == null ? "" : ", default " + option.defaultValue())));
            spec.remove(option);
            spec.addOption(option.toBuilder().description(description.toArray(String[]::new)).build());
        }
    }

    /** The environment, then the settings file, for every option that names its variable; else the option's default. */
    private record Sources(Map<String, String> environment, Map<String, String> file) implements CommandLine.IDefaultValueProvider {

        @Override
        public String defaultValue(ArgSpec argument) {
            return env(argument).flatMap(name -> given(environment.get(name)).or(() -> given(file.get(name)))).orElse(null);
        }
    }

    private static Map<String, String> readFile(Path file) {
        if (!Files.isRegularFile(file)) {
            return Map.of();
        }
        try {
            Map<String, String> values = new HashMap<>();
            for (String line : Files.readAllLines(file)) {
                String trimmed = line.strip();
                if (!trimmed.isEmpty() && !trimmed.startsWith("#") && trimmed.contains("=")) {
                    values.put(trimmed.substring(0, trimmed.indexOf('=')).strip(), trimmed.substring(trimmed.indexOf('=') + 1).strip());
                }
            }
            return values;
        } catch (IOException e) {
            throw new UncheckedIOException("could not read " + file, e);
        }
    }
}
