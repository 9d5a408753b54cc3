package io.ratelimiter.admin.web;

import io.lettuce.core.RedisException;
import io.micronaut.http.HttpMethod;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.server.exceptions.ExceptionHandler;
import jakarta.inject.Singleton;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A Redis failure outside the limiter's admin API, which wraps its own: reading or saving the session (micronaut-redis'
 * session store) while Redis is away or refusing writes. A session is saved after the action ran, so the page cannot
 * say whether a change was made: the audit can.
 */
@Singleton
final class RedisCommandFailureHandler implements ExceptionHandler<RedisException, HttpResponse<?>> {

    static final String MESSAGE = "Redis cannot be reached, or refused to keep your session, so the console cannot "
            + "say whether what you sent took effect: any change is in the audit with its outcome. This page "
            + "recovers by itself when Redis answers again.";

    private static final Logger LOG = LoggerFactory.getLogger(RedisCommandFailureHandler.class);

    private final ErrorPages pages;

    RedisCommandFailureHandler(ErrorPages pages) {
        this.pages = pages;
    }

    @Override
    public HttpResponse<?> handle(HttpRequest request, RedisException exception) {
        return respond(request, exception);
    }

    /** Also for a connection Redis reset under a command in flight, which Lettuce fails with the socket's error. */
    HttpResponse<?> respond(HttpRequest<?> request, Exception exception) {
        LOG.warn("redis failed around the session: {} {} ({})", request.getMethod(), request.getPath(),
                exception.toString());
        if (ErrorPages.fromHtmx(request)) {
            return pages.fragment(request, RedisUnavailableHandler.MESSAGE);
        }
        String detail = HttpMethod.POST.equals(request.getMethod()) ? MESSAGE : RedisUnavailableHandler.MESSAGE;
        return pages.page(request, HttpStatus.SERVICE_UNAVAILABLE, "Redis unavailable", List.of(detail));
    }
}
