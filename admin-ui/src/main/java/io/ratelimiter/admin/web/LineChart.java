package io.ratelimiter.admin.web;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * A line chart drawn on the server as SVG, so it works under the console's CSP (no script, no inline style: colours
 * come from the stylesheet through each series' class). It takes as many points as it is given: a longer span of
 * seconds needs no change here.
 *
 * @param points    how many points each series has
 * @param series    the lines, in the order the legend lists them
 * @param ticks     the value axis: 0, half and the top of the scale
 * @param firstX    label of the first point (oldest)
 * @param lastX     label of the last point (newest)
 * @param summary   the chart in words, for screen readers and for anyone who cannot read the curve
 */
public record LineChart(int points, List<Series> series, List<Tick> ticks, String firstX, String lastX,
                        String summary) {

    public static final int WIDTH = 720;
    public static final int HEIGHT = 220;
    public static final int LEFT = 56;
    public static final int RIGHT = 8;
    public static final int TOP = 10;
    public static final int BOTTOM = 200;

    /** One line: its values as SVG points, and the newest value for the legend. */
    public record Series(String name, String cssClass, String svgPoints, String latest) {
    }

    /** A value-axis mark at height {@code y}. */
    public record Tick(int y, String label) {
    }

    /** Input: one named series of values, oldest first. */
    public record Values(String name, String cssClass, List<Long> values) {
    }

    public static LineChart of(String firstX, String lastX, String unit, List<Values> values) {
        int points = values.stream().mapToInt(v -> v.values().size()).max().orElse(0);
        long top = niceCeiling(values.stream().flatMap(v -> v.values().stream()).mapToLong(Long::longValue).max()
                .orElse(0));
        List<Series> series = values.stream().map(v -> new Series(v.name(), v.cssClass(), svgPoints(v.values(), top),
                v.values().isEmpty() ? "–" : Numbers.count(v.values().get(v.values().size() - 1)))).toList();
        List<Tick> ticks = List.of(new Tick(BOTTOM, "0"), new Tick(y(top / 2.0, top), Numbers.count(top / 2)),
                new Tick(TOP, Numbers.count(top)));
        return new LineChart(points, series, ticks, firstX, lastX, summary(points, firstX, lastX, unit, values));
    }

    /** The smallest of 1, 2, 5 times a power of ten that is at least {@code max}: the scale's top. */
    static long niceCeiling(long max) {
        long step = 1;
        while (true) {
            for (long factor : new long[]{1, 2, 5}) {
                if (factor * step >= max && factor * step >= 2) {
                    return factor * step;
                }
            }
            step *= 10;
        }
    }

    private static String svgPoints(List<Long> values, long top) {
        List<String> points = new ArrayList<>();
        for (int i = 0; i < values.size(); i++) {
            points.add(x(i, values.size()) + "," + y(values.get(i), top));
        }
        return String.join(" ", points);
    }

    private static int x(int index, int count) {
        if (count < 2) {
            return (LEFT + WIDTH - RIGHT) / 2;
        }
        return LEFT + (int) Math.round((double) index * (WIDTH - RIGHT - LEFT) / (count - 1));
    }

    private static int y(double value, long top) {
        return BOTTOM - (int) Math.round(value * (BOTTOM - TOP) / top);
    }

    private static String summary(int points, String firstX, String lastX, String unit, List<Values> values) {
        if (points == 0) {
            return "No figures to chart.";
        }
        return points + " points from " + firstX + " to " + lastX + ": " + values.stream().map(v -> {
            long min = v.values().stream().mapToLong(Long::longValue).min().orElse(0);
            long max = v.values().stream().mapToLong(Long::longValue).max().orElse(0);
            long last = v.values().isEmpty() ? 0 : v.values().get(v.values().size() - 1);
            return String.format(Locale.ROOT, "%s %s to %s %s, last %s", v.name(), Numbers.count(min),
                    Numbers.count(max), unit, Numbers.count(last));
        }).collect(Collectors.joining("; ")) + ".";
    }
}
