package io.ratelimiter.admin.web;

import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.server.exceptions.ExceptionHandler;
import jakarta.inject.Singleton;
import java.net.SocketException;

/**
 * A session read or write that was in flight when Redis went away: Lettuce fails it with the socket's own error
 * ("Connection reset") rather than a RedisException. The console's only sockets of its own are to Redis (PostgreSQL's
 * failures arrive wrapped by JDBC), so this is the same "Redis unavailable" page, never an unexpected error.
 */
@Singleton
final class SessionConnectionLostHandler implements ExceptionHandler<SocketException, HttpResponse<?>> {

    private final RedisCommandFailureHandler redisFailure;

    SessionConnectionLostHandler(RedisCommandFailureHandler redisFailure) {
        this.redisFailure = redisFailure;
    }

    @Override
    public HttpResponse<?> handle(HttpRequest request, SocketException exception) {
        return redisFailure.respond(request, exception);
    }
}
