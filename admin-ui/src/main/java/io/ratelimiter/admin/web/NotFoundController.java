package io.ratelimiter.admin.web;

import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Error;
import io.micronaut.http.annotation.Produces;
import io.micronaut.security.annotation.Secured;
import io.micronaut.security.rules.SecurityRule;
import java.util.List;

/** Unknown addresses get a page in the console's look, not a JSON error. */
@Controller
@Produces(MediaType.TEXT_HTML)
@Secured(SecurityRule.IS_AUTHENTICATED)
final class NotFoundController {

    private final ErrorPages pages;

    NotFoundController(ErrorPages pages) {
        this.pages = pages;
    }

    @Error(global = true, status = HttpStatus.NOT_FOUND)
    HttpResponse<?> notFound(HttpRequest<?> request) {
        return pages.page(request, HttpStatus.NOT_FOUND, "Not found", List.of("There is no such page in the console."));
    }
}
