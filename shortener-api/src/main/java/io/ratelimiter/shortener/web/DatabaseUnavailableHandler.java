package io.ratelimiter.shortener.web;

import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.server.exceptions.response.ErrorResponseProcessor;
import io.ratelimiter.shortener.link.LinkStoreUnavailableException;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * PostgreSQL unreachable: the connection pool gives up after its short connection timeout, and the client is told
 * to come back shortly rather than left hanging. The pool reconnects by itself once the database is back.
 */
@Singleton
final class DatabaseUnavailableHandler extends ProblemHandler<LinkStoreUnavailableException> {

    private static final Logger LOG = LoggerFactory.getLogger(DatabaseUnavailableHandler.class);
    static final String RETRY_AFTER_SECONDS = "5";

    DatabaseUnavailableHandler(ErrorResponseProcessor<?> problems) {
        super(problems, HttpStatus.SERVICE_UNAVAILABLE);
    }

    @Override
    String detail(LinkStoreUnavailableException exception) {
        LOG.warn("answering 503: {}", exception.getMessage());
        return "The link database is unavailable; retry in a few seconds.";
    }

    @Override
    MutableHttpResponse<?> decorate(MutableHttpResponse<?> response) {
        return response.header(HttpHeaders.RETRY_AFTER, RETRY_AFTER_SECONDS);
    }
}
