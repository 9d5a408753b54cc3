package io.ratelimiter.admin.web;

import io.micronaut.core.io.Writable;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.views.ModelAndView;
import io.micronaut.views.ViewsModelDecorator;
import io.micronaut.views.ViewsRenderer;
import jakarta.inject.Singleton;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The console's answer to anything that went wrong: a page in its own look, or for htmx's background requests a
 * fragment that takes the place of the live table and keeps polling, so the page heals itself once the cause is gone.
 * Rendered here rather than left to the views filter, which an error raised while rendering has already passed.
 */
@Singleton
public final class ErrorPages {

    private final ViewsRenderer<Map<String, Object>, HttpRequest<?>> renderer;
    private final ViewsModelDecorator decorator;

    ErrorPages(ViewsRenderer<Map<String, Object>, HttpRequest<?>> renderer, ViewsModelDecorator decorator) {
        this.renderer = renderer;
        this.decorator = decorator;
    }

    public static boolean fromHtmx(HttpRequest<?> request) {
        return request.getHeaders().contains("HX-Request");
    }

    public MutableHttpResponse<?> page(HttpRequest<?> request, HttpStatus status, String title, List<String> messages) {
        Map<String, Object> model = new HashMap<>();
        model.put("title", title);
        model.put("status", status.getCode());
        model.put("messages", messages);
        return HttpResponse.status(status).contentType(MediaType.TEXT_HTML_TYPE).body(render(request, "error", model));
    }

    /** For htmx: swapped in like a normal answer (htmx swaps 2xx only), still telling what is wrong. */
    public MutableHttpResponse<?> fragment(HttpRequest<?> request, String message) {
        Map<String, Object> model = new HashMap<>();
        model.put("message", message);
        model.put("pollUrl", request.getUri().toString());
        return HttpResponse.ok().contentType(MediaType.TEXT_HTML_TYPE).body(render(request, "fragments/notice", model));
    }

    private Writable render(HttpRequest<?> request, String view, Map<String, Object> model) {
        ModelAndView<Map<String, Object>> modelAndView = new ModelAndView<>(view, model);
        decorator.decorate(request, modelAndView);
        return renderer.render(view, modelAndView.getModel().orElse(model), request);
    }
}
