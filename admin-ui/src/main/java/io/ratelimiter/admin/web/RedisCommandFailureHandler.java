package io.ratelimiter.admin.web;

import io.lettuce.core.RedisException;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.server.exceptions.ExceptionHandler;
import io.ratelimiter.limiter.admin.RedisUnavailableException;
import jakarta.inject.Singleton;

/**
 * A Redis failure outside the limiter's admin API, which wraps its own: reading or saving the session (micronaut-redis'
 * session store) while Redis is away or refusing writes. Answered as any Redis outage is.
 */
@Singleton
final class RedisCommandFailureHandler implements ExceptionHandler<RedisException, HttpResponse<?>> {

    private final RedisUnavailableHandler redisUnavailable;

    RedisCommandFailureHandler(RedisUnavailableHandler redisUnavailable) {
        this.redisUnavailable = redisUnavailable;
    }

    @Override
    public HttpResponse<?> handle(HttpRequest request, RedisException exception) {
        return redisUnavailable.handle(request, new RedisUnavailableException(String.valueOf(exception.getMessage()),
                exception, true));
    }
}
