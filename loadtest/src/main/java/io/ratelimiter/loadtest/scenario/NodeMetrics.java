package io.ratelimiter.loadtest.scenario;

import io.ratelimiter.limiter.metrics.PrometheusText;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The nodes' own timer of the check ({@code ratelimiter_check_latency_seconds}, a histogram in {@code /prometheus}):
 * the time each check waited for Redis, as the node measured it, summed over the nodes. Two snapshots give the checks
 * in between, and percentiles estimated from the histogram's buckets.
 */
public record NodeMetrics(TreeMap<Double, Double> buckets, double count, double sumSeconds) {

    private static final String METER = "ratelimiter_check_latency_seconds";
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    public static NodeMetrics scrape(List<URI> nodes) {
        NodeMetrics total = new NodeMetrics(new TreeMap<>(), 0, 0);
        for (URI node : nodes) {
            try {
                HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(node.resolve("/prometheus"))
                        .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
                total = total.plus(parse(response.body()));
            } catch (IOException e) {
                throw new IllegalStateException("could not read " + node.resolve("/prometheus") + ": " + e.getMessage(), e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
        return total;
    }

    static NodeMetrics parse(String text) {
        PrometheusText exposition = PrometheusText.parse(text);
        TreeMap<Double, Double> buckets = new TreeMap<>();
        for (PrometheusText.Sample bucket : exposition.samples(METER + "_bucket")) {
            String le = bucket.label("le");
            buckets.merge(le.equals("+Inf") ? Double.POSITIVE_INFINITY : Double.parseDouble(le), bucket.value(), Double::sum);
        }
        return new NodeMetrics(buckets, exposition.sum(METER + "_count"), exposition.sum(METER + "_sum"));
    }

    NodeMetrics plus(NodeMetrics other) {
        TreeMap<Double, Double> merged = new TreeMap<>(buckets);
        other.buckets.forEach((le, n) -> merged.merge(le, n, Double::sum));
        return new NodeMetrics(merged, count + other.count, sumSeconds + other.sumSeconds);
    }

    /** The checks between {@code earlier} and this snapshot. */
    public NodeMetrics since(NodeMetrics earlier) {
        TreeMap<Double, Double> delta = new TreeMap<>();
        buckets.forEach((le, n) -> delta.put(le, n - earlier.buckets.getOrDefault(le, 0.0)));
        return new NodeMetrics(delta, count - earlier.count, sumSeconds - earlier.sumSeconds);
    }

    public double meanMs() {
        return count <= 0 ? 0 : sumSeconds / count * 1000;
    }

    /** The upper bound of the bucket holding the given fraction of checks, in ms (a histogram cannot say more). */
    public double percentileMs(double fraction) {
        double wanted = fraction * count;
        for (Map.Entry<Double, Double> bucket : buckets.entrySet()) {
            if (bucket.getValue() >= wanted && count > 0) {
                return bucket.getKey() * 1000;
            }
        }
        return Double.NaN;
    }
}
