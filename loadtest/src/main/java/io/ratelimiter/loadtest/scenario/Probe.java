package io.ratelimiter.loadtest.scenario;

import io.ratelimiter.loadtest.http.Connection;
import io.ratelimiter.loadtest.http.Request;
import io.ratelimiter.loadtest.http.Response;
import io.ratelimiter.loadtest.report.Quota;
import io.ratelimiter.realservers.answers.ShortenerAnswers;
import java.net.URI;
import java.util.List;

/** One request from a client of its own, before a scenario starts: what policy a route has, or a link to follow. */
final class Probe {


    private Probe() {
    }

    static Response send(Run run, URI server, Request request) {
        Connection connection = run.connect(run.addresses.next(), server);
        try {
            Response response = connection.send(request).join();
            if (response.status() == 0) {
                throw new IllegalStateException(request.method() + " " + server.resolve(request.path()) + " failed: " + response.error());
            }
            return response;
        } finally {
            connection.close();
        }
    }

    /** The tightest limit the route's answers announce. */
    static Quota quotaOf(Run run, Request request) {
        Response response = send(run, run.frontDoor, request);
        List<Quota> quotas = Quota.parseAll(response.policy());
        if (quotas.isEmpty()) {
            throw new IllegalStateException(request.method() + " " + request.path() + " answered " + response.status()
                    + " without a RateLimit-Policy header: is the limiter in front of it?");
        }
        return quotas.stream().min((a, b) -> Double.compare((double) a.quota() / a.windowSeconds(), (double) b.quota() / b.windowSeconds()))
                .orElseThrow();
    }

    /** Makes a short link (one POST /shorten) and returns its code, for scenarios that follow links. */
    static String shortCode(Run run) {
        Connection connection = run.connect(run.addresses.next(), run.frontDoor).keepingBodies();
        try {
            Response response = connection.send(Request.shorten("https://example.org/loadtest/" + run.id + "/followed")).join();
            if (response.status() != 200) {
                throw new IllegalStateException("POST /shorten answered " + response.status() + " " + response.error());
            }
            return connection.lastBody().flatMap(ShortenerAnswers::code)
                    .orElseThrow(() -> new IllegalStateException("POST /shorten answered without a code"));
        } finally {
            connection.close();
        }
    }
}
