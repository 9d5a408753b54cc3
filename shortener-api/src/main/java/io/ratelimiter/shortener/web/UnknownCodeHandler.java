package io.ratelimiter.shortener.web;

import io.micronaut.http.HttpStatus;
import io.micronaut.http.server.exceptions.response.ErrorResponseProcessor;
import jakarta.inject.Singleton;

@Singleton
final class UnknownCodeHandler extends ProblemHandler<UnknownCodeException> {

    UnknownCodeHandler(ErrorResponseProcessor<?> problems) {
        super(problems, HttpStatus.NOT_FOUND);
    }
}
