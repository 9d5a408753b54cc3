package io.ratelimiter.shortener.web;

import io.micronaut.context.annotation.Replaces;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.server.exceptions.response.Error;
import io.micronaut.http.server.exceptions.response.ErrorContext;
import io.micronaut.http.server.exceptions.response.ErrorResponseProcessor;
import jakarta.inject.Singleton;
import java.util.stream.Collectors;

/**
 * The one place error bodies are made. Micronaut routes every error through the {@link ErrorResponseProcessor}: its
 * own 400s (malformed JSON, unconvertible form), 404s, 405s, 413s and 415s, and our exception handlers. This one
 * answers all of them as problem+json, and never lets an exception's text out on a 5xx.
 */
@Singleton
@Replaces(ErrorResponseProcessor.class)
final class ProblemResponses implements ErrorResponseProcessor<Problem> {

    @Override
    public MutableHttpResponse<Problem> processResponse(ErrorContext context, MutableHttpResponse<?> response) {
        HttpStatus status = response.status();
        String detail = status.getCode() >= 500 && status != HttpStatus.SERVICE_UNAVAILABLE
                ? "The server could not complete the request."
                : context.getErrors().stream().map(Error::getMessage).collect(Collectors.joining(" "));
        Problem problem = new Problem("about:blank", status.getReason(), status.getCode(), detail.isEmpty() ? null : detail);
        return response.body(problem).contentType(Problem.MEDIA_TYPE);
    }
}
