package io.ratelimiter.shortener.web;

import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.server.exceptions.ExceptionHandler;
import io.micronaut.http.server.exceptions.response.ErrorContext;
import io.micronaut.http.server.exceptions.response.ErrorResponseProcessor;

/** Turns one kind of exception into one status, its body made by {@link ProblemResponses} like every other error. */
abstract class ProblemHandler<E extends Throwable> implements ExceptionHandler<E, HttpResponse<?>> {

    private final ErrorResponseProcessor<?> problems;
    private final HttpStatus status;

    ProblemHandler(ErrorResponseProcessor<?> problems, HttpStatus status) {
        this.problems = problems;
        this.status = status;
    }

    @Override
    public HttpResponse<?> handle(HttpRequest request, E exception) {
        MutableHttpResponse<?> response = decorate(HttpResponse.status(status));
        return problems.processResponse(ErrorContext.builder(request).cause(exception)
                .errorMessage(detail(exception)).build(), response);
    }

    String detail(E exception) {
        return exception.getMessage();
    }

    MutableHttpResponse<?> decorate(MutableHttpResponse<?> response) {
        return response;
    }
}
