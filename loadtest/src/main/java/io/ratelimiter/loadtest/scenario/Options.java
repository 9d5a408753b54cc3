package io.ratelimiter.loadtest.scenario;

import io.ratelimiter.limiter.policy.InvalidPolicyException;
import io.ratelimiter.limiter.policy.Limit;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.lang.reflect.AnnotatedElement;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.TypeConversionException;

/**
 * The load test's command line: scenario names ({@code seed noisy many policy}; none means all) and options. Every
 * option has a normal default and, where it differs, a {@code --quick} one (a smoke run of a minute or two);
 * {@code --help} lists both. The fields are set by picocli when the line is read and only read afterwards.
 */
@Command(name = "loadtest/run", sortOptions = false, usageHelpWidth = 120,
        description = "Runs the load test's scenarios against a cluster, writes the report, exits 1 when a correctness"
                + " check failed, 2 on bad options. Without --base-url or --cluster it starts the local cluster itself.")
final class Options {

    static final List<String> SCENARIOS = List.of("seed", "noisy", "many", "policy");
    private static final Pattern DURATION = Pattern.compile("(\\d+)(ms|s|m)");

    /** The default an option takes under {@code --quick} when it differs from the normal one. */
    @Retention(RetentionPolicy.RUNTIME)
    @Target(ElementType.FIELD)
    @interface Quick {
        String value();
    }

    @Parameters(paramLabel = "SCENARIO", arity = "0..*", description = "seed, noisy, many or policy; none means all four")
    private List<String> scenarios = new ArrayList<>();

    @Option(names = "--quick", description = "a smoke run: every option not given takes its --quick default")
    private boolean quick;

    @Option(names = "--base-url", paramLabel = "URL", description = "the cluster's front door, e.g. http://127.0.0.1:8080")
    private String baseUrl;

    @Option(names = "--cluster", paramLabel = "DATA-DIR",
            description = "a running ./run-cluster, found through the cluster-status.json in its data directory")
    private String cluster;

    @Option(names = "--nodes", paramLabel = "URL,...", description = "with --base-url: each node's base URL, comma-separated")
    private String nodes;

    @Option(names = "--metrics", paramLabel = "URL,...",
            description = "with --base-url: each node's management URL for /prometheus, comma-separated (default: --nodes)")
    private String metrics;

    @Option(names = "--redis-uri", paramLabel = "URI",
            description = "the cluster's Redis, for memory figures, quotas and the policy change (default: the local cluster's)")
    private String redisUri;

    @Option(names = "--key-prefix", paramLabel = "PREFIX", defaultValue = "rl", description = "the limiter's key prefix in that Redis")
    String keyPrefix;

    @Option(names = "--report-dir", paramLabel = "DIR", defaultValue = "loadtest/target/loadtest-report",
            description = "where report.md and its charts go")
    Path reportDir;

    @Option(names = "--cluster-nodes", paramLabel = "N", defaultValue = "3", description = "nodes of the local cluster it starts itself")
    int clusterNodes;

    @Option(names = "--timeout", paramLabel = "DURATION", defaultValue = "10s", description = "per request")
    Duration timeout;

    @Option(names = "--seed-vus", paramLabel = "N", defaultValue = "20", description = "seed: virtual users")
    int seedVus;

    @Option(names = "--seed-clients", paramLabel = "N", defaultValue = "20",
            description = "seed: distinct clients they share (1: all one client, as the seed's k6 run from one machine)")
    int seedClients;

    @Option(names = "--seed-ramp", paramLabel = "DURATION", defaultValue = "30s", description = "seed: how long the users take to start")
    @Quick("5s")
    Duration seedRamp;

    @Option(names = "--seed-hold", paramLabel = "DURATION", defaultValue = "60s", description = "seed: how long all of them run after that")
    @Quick("10s")
    Duration seedHold;

    @Option(names = "--seed-think", paramLabel = "DURATION", defaultValue = "1s", description = "seed: each user's pause after an answer")
    Duration seedThink;

    @Option(names = "--noisy-rps", paramLabel = "N", defaultValue = "2000", description = "noisy: the noisy client's requests per second")
    @Quick("500")
    int noisyRps;

    @Option(names = "--noisy-connections", paramLabel = "N", defaultValue = "32", description = "noisy: its connections")
    @Quick("16")
    int noisyConnections;

    @Option(names = "--polite-clients", paramLabel = "N", defaultValue = "10", description = "noisy: polite clients beside it")
    @Quick("5")
    int politeClients;

    @Option(names = "--noisy-duration", paramLabel = "DURATION", defaultValue = "120s", description = "noisy: the whole scenario")
    @Quick("20s")
    Duration noisyDuration;

    @Option(names = "--noisy-baseline", paramLabel = "DURATION", defaultValue = "15s",
            description = "noisy: the polite clients alone before the noisy one starts")
    @Quick("5s")
    Duration noisyBaseline;

    @Option(names = "--many-clients", paramLabel = "N", defaultValue = "10000", description = "many: clients in all")
    @Quick("1000")
    int manyClients;

    @Option(names = "--many-steps", paramLabel = "N", defaultValue = "4", description = "many: steps, Redis measured after each")
    @Quick("2")
    int manySteps;

    @Option(names = "--many-requests", paramLabel = "N", defaultValue = "2", description = "many: GET /{code} per client")
    int manyRequests;

    @Option(names = "--many-concurrency", paramLabel = "N", defaultValue = "64", description = "many: clients at a time")
    @Quick("32")
    int manyConcurrency;

    @Option(names = "--policy-clients", paramLabel = "N", defaultValue = "10", description = "policy: clients")
    @Quick("5")
    int policyClients;

    @Option(names = "--policy-duration", paramLabel = "DURATION", defaultValue = "60s",
            description = "policy: the whole scenario, the change halfway")
    @Quick("20s")
    Duration policyDuration;

    @Option(names = "--policy-think", paramLabel = "DURATION", defaultValue = "200ms", description = "policy: each client's pause between requests")
    Duration policyThink;

    @Option(names = "--policy-before", paramLabel = "LIMIT", defaultValue = "10/10s", description = "policy: the route's sliding log before the change")
    Limit policyBefore;

    @Option(names = "--policy-after", paramLabel = "LIMIT", defaultValue = "3/10s", description = "policy: and after it")
    Limit policyAfter;

    @Option(names = {"-h", "--help"}, usageHelp = true, description = "print this help and exit")
    private boolean help;

    private final List<String> given = new ArrayList<>();

    private Options() {
    }

    /**
     * The command line {@code args} describe, read; {@link CommandLine#isUsageHelpRequested()} says whether it asked
     * for {@code --help}. Read twice when {@code --quick} is among them: which defaults apply depends on it.
     *
     * @throws ParameterException when an option or a value is not understood
     */
    static CommandLine read(String... args) {
        CommandLine line = commandLine(false);
        if (line.parseArgs(args).hasMatchedOption("--quick")) {
            line = commandLine(true);
            line.parseArgs(args);
        }
        Options options = line.getCommand();
        for (String scenario : options.scenarios) {
            if (!SCENARIOS.contains(scenario)) {
                throw new ParameterException(line, "not a scenario: " + scenario + " (scenarios: " + String.join(" ", SCENARIOS) + ")");
            }
        }
        options.given.addAll(List.of(args));
        return line;
    }

    /** The options {@code args} describe. */
    static Options parse(String... args) {
        return read(args).getCommand();
    }

    /** The {@code --help} text. */
    static String usage() {
        return commandLine(false).getUsageMessage(CommandLine.Help.Ansi.OFF);
    }

    List<String> scenarios() {
        return scenarios.isEmpty() ? SCENARIOS : scenarios;
    }

    Optional<String> baseUrl() {
        return given(baseUrl);
    }

    Optional<String> cluster() {
        return given(cluster);
    }

    Optional<String> nodes() {
        return given(nodes);
    }

    Optional<String> metrics() {
        return given(metrics);
    }

    Optional<String> redisUri() {
        return given(redisUri);
    }

    /** The command line as given, for the report. */
    @Override
    public String toString() {
        return String.join(" ", given);
    }

    private static Optional<String> given(String value) {
        return Optional.ofNullable(value).filter(text -> !text.isBlank());
    }

    private static CommandLine commandLine(boolean quick) {
        CommandLine line = new CommandLine(new Options())
                .registerConverter(Integer.TYPE, Options::atLeastOne)
                .registerConverter(Duration.class, Options::duration)
                .registerConverter(Limit.class, Options::limit);
        if (quick) {
            line.setDefaultValueProvider(argument -> quickDefault(argument).orElse(null));
        }
        nameTheDefaults(line.getCommandSpec());
        return line;
    }

    private static Optional<String> quickDefault(ArgSpec argument) {
        return argument.userObject() instanceof AnnotatedElement element
                ? Optional.ofNullable(element.getAnnotation(Quick.class)).map(Quick::value)
                : Optional.empty();
    }

    /** Adds "default X, --quick Y" under each option's description, so {@code --help} shows both. */
    private static void nameTheDefaults(CommandSpec spec) {
        for (OptionSpec option : List.copyOf(spec.options())) {
            List<String> description = new ArrayList<>(List.of(option.description()));
            if (option.defaultValue() != null) {
                description.add("default " + option.defaultValue() + quickDefault(option).map(quick -> ", --quick " + quick).orElse(""));
            }
            spec.remove(option);
            spec.addOption(option.toBuilder().description(description.toArray(String[]::new)).build());
        }
    }

    private static int atLeastOne(String text) {
        int value;
        try {
            value = Integer.parseInt(text.strip());
        } catch (NumberFormatException e) {
            throw new TypeConversionException("must be a whole number, not '" + text + "'");
        }
        if (value < 1) {
            throw new TypeConversionException("must be at least 1, not " + value);
        }
        return value;
    }

    private static Duration duration(String text) {
        Matcher m = DURATION.matcher(text.strip());
        if (!m.matches()) {
            throw new TypeConversionException("must be a duration like 90s, 200ms or 2m, not '" + text + "'");
        }
        long amount = Long.parseLong(m.group(1));
        return switch (m.group(2)) {
            case "ms" -> Duration.ofMillis(amount);
            case "s" -> Duration.ofSeconds(amount);
            default -> Duration.ofMinutes(amount);
        };
    }

    private static Limit limit(String text) {
        try {
            return Limit.parse(text);
        } catch (InvalidPolicyException e) {
            throw new TypeConversionException(e.getMessage());
        }
    }
}
