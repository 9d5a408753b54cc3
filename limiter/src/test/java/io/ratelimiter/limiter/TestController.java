package io.ratelimiter.limiter;

import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Post;

/** The smallest service the limiter can protect: two routes sharing a template, a sensitive one, and a health path. */
@Controller
final class TestController {

    @Get("/items/{id}")
    String item(String id) {
        return id;
    }

    @Post("/items")
    String create() {
        return "created";
    }

    @Get("/sensitive")
    String sensitive() {
        return "secret";
    }

    @Get("/health")
    String health() {
        return "up";
    }
}
