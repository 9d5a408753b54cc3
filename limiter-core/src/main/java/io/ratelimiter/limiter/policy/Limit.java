package io.ratelimiter.limiter.policy;

import io.micronaut.serde.annotation.Serdeable;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One quota: at most {@code quota} requests per {@code window}. For the token bucket and GCRA, {@code burst} is how
 * many requests may arrive at once (the bucket's size); 0 means "the quota". Immutable and valid once built.
 *
 * @param quota  requests allowed per window, 1 to {@value #MAX_QUOTA}
 * @param window length of the window, {@value #MIN_WINDOW_MS} ms to 31 days, whole milliseconds
 * @param burst  0, or 1 to {@value #MAX_QUOTA} for algorithms that use it
 */
@Serdeable
public record Limit(long quota, Duration window, long burst) {

    public static final long MAX_QUOTA = 1_000_000_000L;
    public static final long MIN_WINDOW_MS = 100;
    public static final Duration MAX_WINDOW = Duration.ofDays(31);

    private static final Pattern TEXT = Pattern.compile("\\s*(\\d{1,12})\\s*/\\s*(\\d{1,12})\\s*(ms|s|m|h|d)\\s*(?:/\\s*(\\d{1,12})\\s*)?");

    public Limit {
        List<InvalidPolicyException.Violation> violations = new ArrayList<>();
        if (quota < 1 || quota > MAX_QUOTA) {
            violations.add(new InvalidPolicyException.Violation("quota",
                    "the quota must be between 1 and " + MAX_QUOTA + " requests, not " + quota));
        }
        if (window == null) {
            violations.add(new InvalidPolicyException.Violation("window", "a window length is required"));
        } else if (window.toMillis() < MIN_WINDOW_MS || window.compareTo(MAX_WINDOW) > 0) {
            violations.add(new InvalidPolicyException.Violation("window",
                    "the window must be between " + MIN_WINDOW_MS + " ms and 31 days, not " + window.toMillis() + " ms"));
        } else if (window.toNanos() % 1_000_000 != 0) {
            violations.add(new InvalidPolicyException.Violation("window", "the window must be whole milliseconds"));
        }
        if (burst < 0 || burst > MAX_QUOTA) {
            violations.add(new InvalidPolicyException.Violation("burst",
                    "the burst must be 0 (the quota) or up to " + MAX_QUOTA + ", not " + burst));
        }
        if (!violations.isEmpty()) {
            throw new InvalidPolicyException(violations);
        }
    }

    public static Limit of(long quota, Duration window) {
        return new Limit(quota, window, 0);
    }

    /**
     * Reads the compact form used in configuration: {@code quota/window[/burst]}, the window a number with a unit
     * ({@code ms}, {@code s}, {@code m}, {@code h}, {@code d}), e.g. {@code 10/60s}, {@code 1000/1d}, {@code 5/1s/20}.
     *
     * @throws InvalidPolicyException when the text is not of that form or its values are out of range
     */
    public static Limit parse(String text) {
        Matcher matcher = TEXT.matcher(text == null ? "" : text.toLowerCase(Locale.ROOT));
        if (!matcher.matches()) {
            throw new InvalidPolicyException(new InvalidPolicyException.Violation("limit",
                    "'" + text + "' is not a limit; write quota/window[/burst], e.g. 10/60s or 5/1s/20"));
        }
        long amount = Long.parseLong(matcher.group(2));
        Duration window = switch (matcher.group(3)) {
            case "ms" -> Duration.ofMillis(amount);
            case "s" -> Duration.ofSeconds(amount);
            case "m" -> Duration.ofMinutes(amount);
            case "h" -> Duration.ofHours(amount);
            default -> Duration.ofDays(Math.min(amount, 365_000));
        };
        long burst = matcher.group(4) == null ? 0 : Long.parseLong(matcher.group(4));
        return new Limit(Long.parseLong(matcher.group(1)), window, burst);
    }

    /** The bucket size of the token bucket and GCRA: the burst, or the quota when no burst is set. */
    public long capacity() {
        return burst > 0 ? burst : quota;
    }

    /** The window in whole seconds as the {@code w} parameter of the RateLimit-Policy header wants it (at least 1). */
    public long windowSeconds() {
        return Math.max(1, (window.toMillis() + 999) / 1000);
    }

    /** The compact form {@link #parse} reads. */
    @Override
    public String toString() {
        return quota + "/" + windowText(window) + (burst > 0 ? "/" + burst : "");
    }

    /** A window in its largest whole unit, as {@link #parse} reads it: {@code 1d}, {@code 90m}, {@code 1500ms}. */
    public static String windowText(Duration window) {
        long ms = window.toMillis();
        return ms % 86_400_000 == 0 ? ms / 86_400_000 + "d"
                : ms % 3_600_000 == 0 ? ms / 3_600_000 + "h"
                : ms % 60_000 == 0 ? ms / 60_000 + "m"
                : ms % 1000 == 0 ? ms / 1000 + "s"
                : ms + "ms";
    }
}
