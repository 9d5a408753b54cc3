package io.ratelimiter.admin.web;

import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.server.exceptions.ExceptionHandler;
import io.ratelimiter.limiter.policy.InvalidPolicyException;
import jakarta.inject.Singleton;

/** A value refused outside a form that could show it beside its field (a route or page in a link): a 400 page. */
@Singleton
final class InvalidPolicyHandler implements ExceptionHandler<InvalidPolicyException, HttpResponse<?>> {

    private final ErrorPages pages;

    InvalidPolicyHandler(ErrorPages pages) {
        this.pages = pages;
    }

    @Override
    public HttpResponse<?> handle(HttpRequest request, InvalidPolicyException exception) {
        return pages.page(request, HttpStatus.BAD_REQUEST, "Not a valid value",
                exception.violations().stream().map(v -> v.field() + ": " + v.message()).toList());
    }
}
