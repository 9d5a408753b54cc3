package io.ratelimiter.shortener.web;

import io.micronaut.http.HttpStatus;
import io.micronaut.http.server.exceptions.response.ErrorResponseProcessor;
import io.netty.handler.codec.http.multipart.HttpPostRequestDecoder.ErrorDataDecoderException;
import jakarta.inject.Singleton;

/**
 * A form body Netty cannot decode (a bad percent escape such as {@code url=%ZZ}) is the client's mistake; without
 * this handler Micronaut answers it with a 500.
 */
@Singleton
final class MalformedFormHandler extends ProblemHandler<ErrorDataDecoderException> {

    MalformedFormHandler(ErrorResponseProcessor<?> problems) {
        super(problems, HttpStatus.BAD_REQUEST);
    }

    @Override
    String detail(ErrorDataDecoderException exception) {
        return "The form body is not valid application/x-www-form-urlencoded: " + exception.getMessage();
    }
}
