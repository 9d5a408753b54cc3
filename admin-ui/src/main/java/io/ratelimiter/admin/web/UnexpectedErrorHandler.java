package io.ratelimiter.admin.web;

import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.server.exceptions.ExceptionHandler;
import jakarta.inject.Singleton;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Whatever no more specific handler claims: logged whole for whoever runs the console, shown to the operator as a
 * plain page without internals.
 */
@Singleton
final class UnexpectedErrorHandler implements ExceptionHandler<Exception, HttpResponse<?>> {

    private static final Logger LOG = LoggerFactory.getLogger(UnexpectedErrorHandler.class);

    private final ErrorPages pages;

    UnexpectedErrorHandler(ErrorPages pages) {
        this.pages = pages;
    }

    @Override
    public HttpResponse<?> handle(HttpRequest request, Exception exception) {
        LOG.error("unexpected error on {} {}", request.getMethod(), request.getPath(), exception);
        String message = "The console hit an unexpected error; it is in the console's log. Nothing is known to have "
                + "changed: check the audit log before trying again.";
        if (ErrorPages.fromHtmx(request)) {
            return pages.fragment(request, message);
        }
        return pages.page(request, HttpStatus.INTERNAL_SERVER_ERROR, "Unexpected error", List.of(message));
    }
}
