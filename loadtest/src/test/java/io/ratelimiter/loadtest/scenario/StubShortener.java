package io.ratelimiter.loadtest.scenario;

import io.micronaut.http.HttpResponse;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Post;
import java.net.URI;

/** The shortener's two routes as the load test uses them, behind the real limiter filter of the in-test nodes. */
@Controller
final class StubShortener {

    @Post(uri = "/shorten", consumes = MediaType.APPLICATION_FORM_URLENCODED, produces = MediaType.APPLICATION_JSON)
    String shorten(String url) {
        return "{\"short_url\":\"/stub1234\",\"code\":\"stub1234\"}";
    }

    @Get("/{code}")
    HttpResponse<?> follow(String code) {
        return HttpResponse.redirect(URI.create("https://example.org/" + code));
    }
}
