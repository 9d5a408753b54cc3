package io.ratelimiter.loadtest.report;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One limit as a response announces it in {@code RateLimit-Policy} ({@code "shorten";q=10;w=60}): the load test learns
 * the limits from the answers, so it needs no copy of the cluster's configuration.
 */
public record Quota(String name, long quota, long windowSeconds) {

    private static final Pattern ITEM = Pattern.compile("\"([^\"]*)\"((?:;[a-z]+=[^;,\\s]+)*)");
    private static final Pattern PARAMETER = Pattern.compile(";([a-z]+)=([0-9]+)");

    /** Every item of a {@code RateLimit-Policy} value; items without {@code q} or {@code w} are skipped. */
    public static List<Quota> parseAll(String header) {
        List<Quota> quotas = new ArrayList<>();
        if (header == null) {
            return quotas;
        }
        Matcher item = ITEM.matcher(header);
        while (item.find()) {
            long quota = -1;
            long window = -1;
            Matcher parameter = PARAMETER.matcher(item.group(2));
            while (parameter.find()) {
                switch (parameter.group(1)) {
                    case "q" -> quota = Long.parseLong(parameter.group(2));
                    case "w" -> window = Long.parseLong(parameter.group(2));
                    default -> { }
                }
            }
            if (quota >= 0 && window > 0) {
                quotas.add(new Quota(item.group(1), quota, window));
            }
        }
        return quotas;
    }

    public long windowNanos() {
        return windowSeconds * 1_000_000_000L;
    }

    @Override
    public String toString() {
        return name + " " + quota + "/" + windowSeconds + "s";
    }
}
