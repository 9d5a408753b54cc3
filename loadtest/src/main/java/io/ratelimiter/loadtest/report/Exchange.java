package io.ratelimiter.loadtest.report;

import io.ratelimiter.loadtest.http.Response;

/**
 * One request and its answer, with who sent it ({@code client}: the identity the limiter sees), where to
 * ({@code target}: the load balancer or a node) and a scenario's label for the moment ({@code phase}).
 */
public record Exchange(String client, String phase, String target, Response response) {

    /** Let through by the limiter: any answer but 429 (denied), 403 (blocked), a 5xx or no answer at all. */
    public boolean admitted() {
        int status = response.status();
        return status > 0 && status < 500 && status != 429 && status != 403;
    }

    public boolean denied() {
        return response.status() == 429;
    }

    /** Neither admitted nor denied: no answer, a 5xx or a 403. */
    public boolean failed() {
        return !admitted() && !denied();
    }
}
