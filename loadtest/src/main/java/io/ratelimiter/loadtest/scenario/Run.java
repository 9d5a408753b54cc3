package io.ratelimiter.loadtest.scenario;

import io.netty.channel.EventLoopGroup;
import io.ratelimiter.limiter.policy.Algorithm;
import io.ratelimiter.limiter.policy.Route;
import io.ratelimiter.loadtest.http.ClientAddresses;
import io.ratelimiter.loadtest.http.Connection;
import io.ratelimiter.loadtest.report.Accounting;
import io.ratelimiter.loadtest.report.Quota;
import java.net.InetAddress;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.ToLongFunction;

/**
 * What every scenario of one run shares: where the cluster is (its front door, its nodes, its Redis when known), the
 * event loops all connections run on, the client addresses handed out so far, and the options.
 */
final class Run implements AutoCloseable {

    final Options options;
    final URI frontDoor;
    final List<URI> nodes;
    /** Where each node's metrics answer: its management port (the nodes themselves when they serve both). */
    final List<URI> metrics;
    final Optional<LimiterSide> limiter;
    final EventLoopGroup loops = Connection.eventLoops(2);
    final ClientAddresses addresses = ClientAddresses.randomStart();
    final String id = Long.toString(System.currentTimeMillis(), 36);
    final Duration timeout;

    Run(Options options, URI frontDoor, List<URI> nodes, List<URI> metrics, Optional<LimiterSide> limiter) {
        this.options = options;
        this.frontDoor = frontDoor;
        this.nodes = nodes;
        this.metrics = metrics;
        this.limiter = limiter;
        this.timeout = options.timeout;
    }

    Connection connect(InetAddress client, URI server) {
        return new Connection(loops, client, server, timeout);
    }

    /**
     * What the accounting may hold each window to: the bound of the algorithm the route's policy uses, read from
     * Redis; without Redis the sliding log (the shortener's policy for {@code POST /shorten}) is assumed.
     */
    ToLongFunction<Quota> bound(Route route) {
        Algorithm algorithm = algorithm(route);
        return quota -> Accounting.bound(algorithm, quota.quota(), quota.quota());
    }

    Algorithm algorithm(Route route) {
        return limiter.flatMap(side -> side.algorithmOf(route)).orElse(Algorithm.SLIDING_LOG);
    }

    /** What the report says about where the algorithm came from. */
    String algorithmSource(Route route) {
        return limiter.isPresent() ? algorithm(route).wireName() + " (read from Redis)"
                : "sliding_log (assumed: no --redis-uri to read it from)";
    }

    @Override
    public void close() {
        loops.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
        limiter.ifPresent(LimiterSide::close);
    }
}
