package io.ratelimiter.admin.web;

import io.micronaut.http.HttpMethod;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.server.exceptions.ExceptionHandler;
import io.ratelimiter.limiter.admin.RedisUnavailableException;
import jakarta.inject.Singleton;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Redis is where every limit and window lives: without it the console can show and change nothing, and says so. */
@Singleton
final class RedisUnavailableHandler implements ExceptionHandler<RedisUnavailableException, HttpResponse<?>> {

    static final String MESSAGE = "Redis cannot be reached, so limits and windows can be neither shown nor changed. "
            + "Nothing was changed. The API nodes keep serving with each policy's failure behaviour; this page "
            + "recovers by itself when Redis answers again.";

    static final String MAYBE_CHANGED = "Redis did not confirm the change in time: it may or may not have been "
            + "applied, and the audit lists it among the changes whose outcome is unknown. Check the current value "
            + "before trying again; this page recovers by itself when Redis answers again.";

    private static final Logger LOG = LoggerFactory.getLogger(RedisUnavailableHandler.class);

    private final ErrorPages pages;

    RedisUnavailableHandler(ErrorPages pages) {
        this.pages = pages;
    }

    @Override
    public HttpResponse<?> handle(HttpRequest request, RedisUnavailableException exception) {
        LOG.warn("redis unavailable: {} {} ({}; cause: {})", request.getMethod(), request.getPath(), exception.getMessage(),
                String.valueOf(exception.getCause()));
        if (ErrorPages.fromHtmx(request)) {
            return pages.fragment(request, MESSAGE);
        }
        boolean change = HttpMethod.POST.equals(request.getMethod());
        return pages.page(request, HttpStatus.SERVICE_UNAVAILABLE, "Redis unavailable",
                List.of(change && exception.outcomeUnknown() ? MAYBE_CHANGED : MESSAGE));
    }
}
