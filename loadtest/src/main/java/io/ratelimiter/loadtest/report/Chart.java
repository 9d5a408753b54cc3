package io.ratelimiter.loadtest.report;

import java.util.List;
import java.util.Locale;

/** Small self-contained SVG charts for the report: lines over time and grouped bars, no scripts, no fonts to load. */
public final class Chart {

    private static final int WIDTH = 760;
    private static final int HEIGHT = 300;
    private static final int LEFT = 60;
    private static final int RIGHT = 150;
    private static final int TOP = 30;
    private static final int BOTTOM = 40;
    private static final String[] COLOURS = {"#1f77b4", "#d62728", "#2ca02c", "#ff7f0e", "#9467bd", "#8c564b", "#7f7f7f"};

    /** One named series of points. */
    public record Series(String name, double[] x, double[] y) {
    }

    private Chart() {
    }

    /** Lines of y over x; an optional horizontal reference line (e.g. the limit), drawn dashed when not NaN. */
    public static String lines(String title, String xLabel, String yLabel, List<Series> series, double reference, String referenceLabel) {
        double maxX = 1;
        double maxY = Double.isNaN(reference) ? 1 : reference;
        for (Series s : series) {
            for (double x : s.x()) {
                maxX = Math.max(maxX, x);
            }
            for (double y : s.y()) {
                maxY = Math.max(maxY, y);
            }
        }
        maxY *= 1.1;
        StringBuilder svg = frame(title, xLabel, yLabel, maxX, maxY);
        for (int i = 0; i < series.size(); i++) {
            Series s = series.get(i);
            StringBuilder points = new StringBuilder();
            for (int p = 0; p < s.x().length; p++) {
                points.append(String.format(Locale.ROOT, "%.1f,%.1f ", px(s.x()[p], maxX), py(s.y()[p], maxY)));
            }
            svg.append(String.format(Locale.ROOT, "<polyline fill=\"none\" stroke=\"%s\" stroke-width=\"1.5\" points=\"%s\"/>%n",
                    colour(i), points.toString().trim()));
            legend(svg, i, s.name());
        }
        reference(svg, reference, referenceLabel, maxY);
        return svg.append("</svg>\n").toString();
    }

    /** Bars per category, one bar per series side by side, with an optional reference line. */
    public static String bars(String title, String yLabel, List<String> categories, List<Series> series, double reference, String referenceLabel) {
        double maxY = Double.isNaN(reference) ? 1 : reference;
        for (Series s : series) {
            for (double y : s.y()) {
                maxY = Math.max(maxY, y);
            }
        }
        maxY *= 1.15;
        StringBuilder svg = frame(title, "", yLabel, Double.NaN, maxY);
        double slot = (WIDTH - LEFT - RIGHT) / (double) Math.max(1, categories.size());
        double bar = slot * 0.8 / Math.max(1, series.size());
        for (int c = 0; c < categories.size(); c++) {
            double x0 = LEFT + c * slot + slot * 0.1;
            for (int i = 0; i < series.size(); i++) {
                double y = c < series.get(i).y().length ? series.get(i).y()[c] : 0;
                double top = py(y, maxY);
                svg.append(String.format(Locale.ROOT, "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" fill=\"%s\"/>%n",
                        x0 + i * bar, top, Math.max(1, bar - 1), HEIGHT - BOTTOM - top, colour(i)));
            }
            if (categories.size() <= 40) {
                svg.append(String.format(Locale.ROOT,
                        "<text x=\"%.1f\" y=\"%d\" font-size=\"9\" text-anchor=\"end\" transform=\"rotate(-45 %.1f %d)\">%s</text>%n",
                        x0 + slot * 0.4, HEIGHT - BOTTOM + 12, x0 + slot * 0.4, HEIGHT - BOTTOM + 12, escape(categories.get(c))));
            }
        }
        for (int i = 0; i < series.size(); i++) {
            legend(svg, i, series.get(i).name());
        }
        reference(svg, reference, referenceLabel, maxY);
        return svg.append("</svg>\n").toString();
    }

    private static StringBuilder frame(String title, String xLabel, String yLabel, double maxX, double maxY) {
        StringBuilder svg = new StringBuilder(String.format(Locale.ROOT,
                "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" font-family=\"sans-serif\" font-size=\"11\">%n"
                        + "<rect width=\"100%%\" height=\"100%%\" fill=\"white\"/>%n"
                        + "<text x=\"%d\" y=\"18\" font-size=\"13\" font-weight=\"bold\">%s</text>%n",
                WIDTH, HEIGHT, LEFT, escape(title)));
        svg.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"black\"/>%n",
                LEFT, HEIGHT - BOTTOM, WIDTH - RIGHT, HEIGHT - BOTTOM));
        svg.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"black\"/>%n",
                LEFT, TOP, LEFT, HEIGHT - BOTTOM));
        for (int t = 0; t <= 4; t++) {
            double value = maxY * t / 4;
            svg.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%.1f\" text-anchor=\"end\">%s</text>%n"
                            + "<line x1=\"%d\" y1=\"%.1f\" x2=\"%d\" y2=\"%.1f\" stroke=\"#ddd\"/>%n",
                    LEFT - 4, py(value, maxY) + 4, number(value), LEFT, py(value, maxY), WIDTH - RIGHT, py(value, maxY)));
            if (!Double.isNaN(maxX)) {
                double x = maxX * t / 4;
                svg.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%d\" text-anchor=\"middle\">%s</text>%n",
                        px(x, maxX), HEIGHT - BOTTOM + 14, number(x)));
            }
        }
        svg.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" text-anchor=\"middle\">%s</text>%n",
                (LEFT + WIDTH - RIGHT) / 2, HEIGHT - 6, escape(xLabel)));
        svg.append(String.format(Locale.ROOT, "<text x=\"14\" y=\"%d\" transform=\"rotate(-90 14 %d)\" text-anchor=\"middle\">%s</text>%n",
                (TOP + HEIGHT - BOTTOM) / 2, (TOP + HEIGHT - BOTTOM) / 2, escape(yLabel)));
        return svg;
    }

    private static void legend(StringBuilder svg, int index, String name) {
        int y = TOP + 14 * index;
        svg.append(String.format(Locale.ROOT, "<rect x=\"%d\" y=\"%d\" width=\"10\" height=\"10\" fill=\"%s\"/>"
                + "<text x=\"%d\" y=\"%d\">%s</text>%n", WIDTH - RIGHT + 10, y, colour(index), WIDTH - RIGHT + 24, y + 9, escape(name)));
    }

    private static void reference(StringBuilder svg, double reference, String label, double maxY) {
        if (Double.isNaN(reference)) {
            return;
        }
        double y = py(reference, maxY);
        svg.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"%.1f\" x2=\"%d\" y2=\"%.1f\" stroke=\"black\" stroke-dasharray=\"5,4\"/>"
                + "<text x=\"%d\" y=\"%.1f\">%s</text>%n", LEFT, y, WIDTH - RIGHT, y, WIDTH - RIGHT + 4, y + 4, escape(label)));
    }

    private static double px(double x, double maxX) {
        return LEFT + (WIDTH - LEFT - RIGHT) * x / maxX;
    }

    private static double py(double y, double maxY) {
        return HEIGHT - BOTTOM - (HEIGHT - TOP - BOTTOM) * y / maxY;
    }

    private static String colour(int index) {
        return COLOURS[index % COLOURS.length];
    }

    private static String number(double value) {
        if (value >= 10_000) {
            return String.format(Locale.ROOT, "%.0fk", value / 1000);
        }
        return value >= 10 || value == 0 ? String.format(Locale.ROOT, "%.0f", value) : String.format(Locale.ROOT, "%.2f", value);
    }

    static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
