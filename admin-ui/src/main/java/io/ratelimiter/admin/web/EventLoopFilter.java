package io.ratelimiter.admin.web;

import io.micronaut.core.order.Ordered;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.annotation.RequestFilter;
import io.micronaut.http.annotation.ServerFilter;
import io.micronaut.http.filter.FilterContinuation;
import io.micronaut.http.filter.ServerFilterPhase;
import io.micronaut.http.server.netty.NettyHttpRequest;
import io.netty.util.concurrent.EventExecutor;
import org.reactivestreams.Publisher;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * Brings the request back to its connection's event loop once the session has been read from Redis: the session
 * store's answer arrives on a Lettuce thread, and Micronaut 4.10 reading a form body from there re-enters its own
 * body buffer (an AssertionError with assertions on, a request that never binds without).
 */
@ServerFilter(ServerFilter.MATCH_ALL_PATTERN)
final class EventLoopFilter implements Ordered {

    @Override
    public int getOrder() {
        return ServerFilterPhase.SESSION.after();
    }

    @RequestFilter
    Publisher<MutableHttpResponse<?>> onEventLoop(HttpRequest<?> request,
                                                  FilterContinuation<Publisher<MutableHttpResponse<?>>> next) {
        if (request instanceof NettyHttpRequest<?> netty) {
            EventExecutor loop = netty.getChannelHandlerContext().executor();
            if (!loop.inEventLoop()) {
                return Mono.defer(() -> Mono.from(next.proceed())).subscribeOn(Schedulers.fromExecutor(loop));
            }
        }
        return next.proceed();
    }
}
