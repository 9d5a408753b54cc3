package io.ratelimiter.admin.web;

import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.server.exceptions.ExceptionHandler;
import io.ratelimiter.admin.audit.AuditUnavailableException;
import jakarta.inject.Singleton;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * No change or sign-in without its audit entry: when the database is away, both are refused and the page says why.
 */
@Singleton
final class AuditUnavailableHandler implements ExceptionHandler<AuditUnavailableException, HttpResponse<?>> {

    private static final Logger LOG = LoggerFactory.getLogger(AuditUnavailableHandler.class);

    private final ErrorPages pages;

    AuditUnavailableHandler(ErrorPages pages) {
        this.pages = pages;
    }

    @Override
    public HttpResponse<?> handle(HttpRequest request, AuditUnavailableException exception) {
        LOG.warn("audit database unavailable: {} {} ({})", request.getMethod(), request.getPath(),
                exception.getMessage());
        return pages.page(request, HttpStatus.SERVICE_UNAVAILABLE, "Audit database unavailable", List.of(
                "The audit database cannot be reached. Changes and sign-ins are refused while it is away, because "
                        + "every one must be recorded; nothing was changed. Live windows still work."));
    }
}
