package io.ratelimiter.shortener.web;

import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.server.util.HttpHostResolver;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.ratelimiter.shortener.link.ShortLinks;
import java.net.URI;
import java.util.List;

@Controller
@ExecuteOn(TaskExecutors.BLOCKING)
final class LinkController {

    private final ShortLinks links;
    private final ShortenerConfiguration configuration;
    private final HttpHostResolver hostResolver;

    LinkController(ShortLinks links, ShortenerConfiguration configuration, HttpHostResolver hostResolver) {
        this.links = links;
        this.configuration = configuration;
        this.hostResolver = hostResolver;
    }

    @Get(produces = MediaType.TEXT_PLAIN)
    String status() {
        return "URL shortener is running";
    }

    @Post(value = "/shorten", consumes = {MediaType.APPLICATION_FORM_URLENCODED, MediaType.APPLICATION_JSON})
    ShortenResponse shorten(HttpRequest<?> request, @Body ShortenRequest body) {
        String requestBase = hostResolver.resolve(request);
        String base = configuration.baseUrl() != null ? configuration.baseUrl() : requestBase;
        // The request's own host counts even with a base URL configured: a node reached directly is us too.
        String code = links.shorten(body.url(), configuration.baseUrl() != null
                ? List.of(configuration.baseUrl(), requestBase) : List.of(requestBase));
        return new ShortenResponse("/" + code, code, base.replaceAll("/+$", "") + "/" + code);
    }

    @Get("/{code}")
    HttpResponse<?> redirect(String code) {
        return links.resolve(code)
                .<HttpResponse<?>>map(url -> HttpResponse.status(HttpStatus.valueOf(Integer.parseInt(configuration.redirectStatus())))
                        .headers(headers -> headers.location(URI.create(url)).add("Cache-Control", "no-store")))
                .orElseThrow(() -> new UnknownCodeException(code));
    }
}
