package io.ratelimiter.admin.policies;

import io.ratelimiter.limiter.policy.Algorithm;
import io.ratelimiter.limiter.policy.FailureMode;
import io.ratelimiter.limiter.policy.InvalidPolicyException;
import io.ratelimiter.limiter.policy.Limit;
import io.ratelimiter.limiter.policy.Policy;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The policy editor's fields, as text in and out: {@code name}, {@code algorithm}, {@code onRedisFailure},
 * {@code shadow}, and up to {@value Policy#MAX_LIMITS} limit rows {@code quotaN}, {@code windowN}, {@code burstN}.
 * Problems are reported under the field names the limiter's own {@link InvalidPolicyException} uses
 * ({@code limits[1].quota}), so the form shows every message beside its input.
 */
final class PolicyForm {

    static final int ROWS = Policy.MAX_LIMITS;
    static final List<String> ALGORITHMS = Arrays.stream(Algorithm.values()).map(Algorithm::wireName).toList();

    private static final Pattern WINDOW = Pattern.compile("\\s*(\\d{1,9})\\s*(ms|s|m|min|h|d)\\s*");
    private static final Pattern WHOLE = Pattern.compile("\\s*\\d{1,12}\\s*");

    private PolicyForm() {
    }

    /** The fields of a new policy: one limit of 100 per minute, counted by the sliding window. */
    static Map<String, String> blank(String name) {
        Map<String, String> form = new HashMap<>();
        form.put("name", name);
        form.put("algorithm", Algorithm.SLIDING_WINDOW.wireName());
        form.put("onRedisFailure", FailureMode.ALLOW.wireName());
        form.put("quota0", "100");
        form.put("window0", "60s");
        return form;
    }

    static Map<String, String> of(Policy policy) {
        Map<String, String> form = new HashMap<>();
        form.put("name", policy.name());
        form.put("algorithm", policy.algorithm().wireName());
        form.put("onRedisFailure", policy.onRedisFailure().wireName());
        if (policy.shadow()) {
            form.put("shadow", "on");
        }
        for (int i = 0; i < policy.limits().size(); i++) {
            Limit limit = policy.limits().get(i);
            form.put("quota" + i, Long.toString(limit.quota()));
            // The largest unit that divides the window, as the limiter writes it: 60s shows as 1m.
            form.put("window" + i, Limit.windowText(limit.window()));
            if (limit.burst() > 0) {
                form.put("burst" + i, Long.toString(limit.burst()));
            }
        }
        return form;
    }

    /**
     * The policy the fields describe.
     *
     * @throws InvalidPolicyException naming every field that is wrong
     */
    static Policy parse(Map<String, String> form) {
        List<InvalidPolicyException.Violation> violations = new ArrayList<>();
        Algorithm algorithm = null;
        try {
            algorithm = Algorithm.fromName(form.get("algorithm"));
        } catch (InvalidPolicyException e) {
            violations.addAll(e.violations());
        }
        FailureMode onRedisFailure = null;
        try {
            onRedisFailure = FailureMode.fromName(form.get("onRedisFailure"));
        } catch (InvalidPolicyException e) {
            violations.addAll(e.violations());
        }
        List<Limit> limits = new ArrayList<>();
        for (int i = 0; i < ROWS; i++) {
            String quota = text(form, "quota" + i);
            String window = text(form, "window" + i);
            String burst = text(form, "burst" + i);
            if (quota.isEmpty() && window.isEmpty() && burst.isEmpty()) {
                continue;
            }
            String field = "limits[" + i + "].";
            int before = violations.size();
            if (!WHOLE.matcher(quota).matches()) {
                violations.add(new InvalidPolicyException.Violation(field + "quota",
                        "the quota is a whole number of requests, e.g. 100"));
            }
            Matcher windowMatch = WINDOW.matcher(window.toLowerCase(Locale.ROOT));
            if (!windowMatch.matches()) {
                violations.add(new InvalidPolicyException.Violation(field + "window",
                        "write the window as a number and a unit: 500ms, 10s, 5m, 1h or 1d"));
            }
            if (!burst.isEmpty() && !WHOLE.matcher(burst).matches()) {
                violations.add(new InvalidPolicyException.Violation(field + "burst",
                        "the burst is a whole number of requests, or empty"));
            }
            if (violations.size() > before) {
                continue;
            }
            try {
                limits.add(new Limit(Long.parseLong(quota.trim()), window(windowMatch),
                        burst.isEmpty() ? 0 : Long.parseLong(burst.trim())));
            } catch (InvalidPolicyException e) {
                e.violations().forEach(v -> violations.add(new InvalidPolicyException.Violation(field + v.field(),
                        v.message())));
            }
        }
        if (limits.isEmpty() && violations.stream().noneMatch(v -> v.field().startsWith("limits["))) {
            violations.add(new InvalidPolicyException.Violation("limits", "give at least one limit"));
        }
        if (!violations.isEmpty()) {
            throw new InvalidPolicyException(violations);
        }
        return new Policy(text(form, "name"), algorithm, limits, onRedisFailure, isChecked(form, "shadow"));
    }

    static String text(Map<String, String> form, String field) {
        String value = form.get(field);
        return value == null ? "" : value.trim();
    }

    static boolean isChecked(Map<String, String> form, String field) {
        String value = text(form, field);
        return value.equals("on") || value.equals("true");
    }

    private static Duration window(Matcher match) {
        long amount = Long.parseLong(match.group(1));
        return switch (match.group(2)) {
            case "ms" -> Duration.ofMillis(amount);
            case "s" -> Duration.ofSeconds(amount);
            case "m", "min" -> Duration.ofMinutes(amount);
            case "h" -> Duration.ofHours(amount);
            default -> Duration.ofDays(amount);
        };
    }

    /** Messages keyed by field, for the template; several problems with one field are joined. */
    static Map<String, String> errors(InvalidPolicyException e) {
        Map<String, String> errors = new HashMap<>();
        e.violations().forEach(v -> errors.merge(v.field(), v.message(), (a, b) -> a + "; " + b));
        return errors;
    }
}
