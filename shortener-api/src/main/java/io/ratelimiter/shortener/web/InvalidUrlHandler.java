package io.ratelimiter.shortener.web;

import io.micronaut.http.HttpStatus;
import io.micronaut.http.server.exceptions.response.ErrorResponseProcessor;
import io.ratelimiter.shortener.link.InvalidUrlException;
import jakarta.inject.Singleton;

@Singleton
final class InvalidUrlHandler extends ProblemHandler<InvalidUrlException> {

    InvalidUrlHandler(ErrorResponseProcessor<?> problems) {
        super(problems, HttpStatus.BAD_REQUEST);
    }
}
