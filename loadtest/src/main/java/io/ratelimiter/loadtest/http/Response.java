package io.ratelimiter.loadtest.http;

/**
 * One answer as the load test keeps it: the status (0 when no answer came), the rate-limit headers that say which
 * policy decided, and when the request left and the answer arrived ({@link System#nanoTime()}). The decision was
 * taken by Redis somewhere between the two.
 */
public record Response(int status, String policy, String rateLimit, long sentNanos, long receivedNanos, String error) {

    static Response failed(long sentNanos, String error) {
        return new Response(0, "", "", sentNanos, System.nanoTime(), error);
    }

    public long latencyNanos() {
        return receivedNanos - sentNanos;
    }
}
