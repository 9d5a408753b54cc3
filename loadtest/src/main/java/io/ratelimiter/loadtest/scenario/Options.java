package io.ratelimiter.loadtest.scenario;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The command line: scenario names ({@code seed noisy many policy}; none means all) and {@code --name=value} options.
 * Every option has a normal default and a {@code --quick} one (a smoke run of a minute or two).
 */
final class Options {

    static final List<String> SCENARIOS = List.of("seed", "noisy", "many", "policy");
    private static final Pattern DURATION = Pattern.compile("(\\d+)(ms|s|m)");

    private final Map<String, String> values = new LinkedHashMap<>();
    private final List<String> scenarios = new ArrayList<>();
    private final boolean quick;

    Options(String[] args, Set<String> known) {
        for (String arg : args) {
            if (arg.equals("--quick")) {
                values.put("quick", "true");
            } else if (arg.startsWith("--") && arg.contains("=")) {
                String name = arg.substring(2, arg.indexOf('='));
                if (!known.contains(name)) {
                    throw new IllegalArgumentException("unknown option --" + name + " (known: --quick, --" + String.join(", --", known) + ")");
                }
                values.put(name, arg.substring(arg.indexOf('=') + 1));
            } else if (SCENARIOS.contains(arg)) {
                scenarios.add(arg);
            } else {
                throw new IllegalArgumentException("not understood: " + arg + " (scenarios: " + String.join(" ", SCENARIOS)
                        + "; options look like --seed-vus=20)");
            }
        }
        this.quick = values.containsKey("quick");
    }

    boolean quick() {
        return quick;
    }

    List<String> scenarios() {
        return scenarios.isEmpty() ? SCENARIOS : scenarios;
    }

    Optional<String> text(String name) {
        return Optional.ofNullable(values.get(name)).filter(v -> !v.isBlank());
    }

    String text(String name, String fallback) {
        return text(name).orElse(fallback);
    }

    int integer(String name, int normal, int quickDefault) {
        String value = values.get(name);
        if (value == null) {
            return quick ? quickDefault : normal;
        }
        try {
            int parsed = Integer.parseInt(value.strip());
            if (parsed < 1) {
                throw new IllegalArgumentException("--" + name + " must be at least 1, not " + value);
            }
            return parsed;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--" + name + " must be a whole number, not " + value);
        }
    }

    Duration duration(String name, Duration normal, Duration quickDefault) {
        String value = values.get(name);
        if (value == null) {
            return quick ? quickDefault : normal;
        }
        return parseDuration(name, value);
    }

    static Duration parseDuration(String name, String value) {
        Matcher m = DURATION.matcher(value.strip());
        if (!m.matches()) {
            throw new IllegalArgumentException("--" + name + " must be a duration like 90s, 200ms or 2m, not " + value);
        }
        long amount = Long.parseLong(m.group(1));
        return switch (m.group(2)) {
            case "ms" -> Duration.ofMillis(amount);
            case "s" -> Duration.ofSeconds(amount);
            default -> Duration.ofMinutes(amount);
        };
    }

    @Override
    public String toString() {
        List<String> parts = new ArrayList<>(scenarios());
        values.forEach((k, v) -> parts.add(k.equals("quick") ? "--quick" : "--" + k + "=" + v));
        return String.join(" ", parts);
    }
}
