package io.ratelimiter.admin.windows;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Produces;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.security.annotation.Secured;
import io.micronaut.security.rules.SecurityRule;
import io.micronaut.views.ModelAndView;
import io.ratelimiter.admin.web.Numbers;
import io.ratelimiter.limiter.admin.ClientWindow;
import io.ratelimiter.limiter.admin.Page;
import io.ratelimiter.limiter.admin.RateLimiterAdmin;
import io.ratelimiter.limiter.admin.RedisUnavailableException;
import io.ratelimiter.limiter.admin.TrafficOverview;
import io.ratelimiter.limiter.admin.WindowQuery;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The live windows: the page, and the fragment htmx fetches into it every second. Each poll asks Redis for one page
 * of windows and the traffic counters, nothing more, however many clients are tracked.
 */
@Controller
@Produces(MediaType.TEXT_HTML)
@Secured(SecurityRule.IS_AUTHENTICATED)
@ExecuteOn(TaskExecutors.BLOCKING)
final class DashboardController {

    static final int PAGE_SIZE = 25;
    private static final DateTimeFormatter CLOCK = DateTimeFormatter.ofPattern("HH:mm:ss 'UTC'");

    private final RateLimiterAdmin admin;

    DashboardController(RateLimiterAdmin admin) {
        this.admin = admin;
    }

    @Get
    HttpResponse<?> dashboard(@Nullable @QueryValue String q, @Nullable @QueryValue String order,
                              @QueryValue(defaultValue = "0") int page) {
        Map<String, Object> model = live(q, order, page);
        model.put("title", "Live windows");
        model.put("nav", "windows");
        HttpStatus status = model.containsKey("unavailable") ? HttpStatus.SERVICE_UNAVAILABLE : HttpStatus.OK;
        return HttpResponse.status(status).body(new ModelAndView<>("dashboard", model));
    }

    @Get("/windows/live")
    ModelAndView<Map<String, Object>> fragment(@Nullable @QueryValue String q,
                                               @Nullable @QueryValue String order,
                                               @QueryValue(defaultValue = "0") int page) {
        return new ModelAndView<>("fragments/live", live(q, order, page));
    }

    private Map<String, Object> live(@Nullable String q, @Nullable String order, int page) {
        String prefix = q == null ? "" : q.trim();
        // Every live window by default; "most used" lists the clients at half a limit or more.
        WindowQuery.Order sort = "used".equals(order) ? WindowQuery.Order.MOST_USED : WindowQuery.Order.RECENTLY_SEEN;
        int current = Math.max(0, Math.min(page, 100_000));
        Map<String, Object> model = new HashMap<>();
        model.put("q", prefix);
        model.put("order", sort == WindowQuery.Order.RECENTLY_SEEN ? "recent" : "used");
        model.put("page", current);
        model.put("pollUrl", url("/windows/live", prefix, sort, current));
        model.put("previousUrl", current > 0 ? url("/", prefix, sort, current - 1) : "");
        model.put("nextUrl", "");
        model.put("rows", List.of());
        model.put("updatedAt", LocalTime.now(ZoneOffset.UTC).format(CLOCK));
        try {
            Page<ClientWindow> windows = admin.windows(new WindowQuery(sort, prefix, current, PAGE_SIZE));
            TrafficOverview traffic = admin.overview();
            Instant now = Instant.now();
            model.put("rows", windows.items().stream().map(w -> WindowRow.of(w, now)).toList());
            model.put("nextUrl", windows.hasNext() ? url("/", prefix, sort, current + 1) : "");
            model.put("allowed", Numbers.rate(traffic.allowedPerSecond()));
            model.put("denied", Numbers.rate(traffic.deniedPerSecond()));
            model.put("shadowDenied", Numbers.rate(traffic.shadowDeniedPerSecond()));
            model.put("tracked", Numbers.count(traffic.trackedWindows()));
        } catch (RedisUnavailableException e) {
            model.put("unavailable", "Redis cannot be reached (" + e.getMessage() + "). This table refreshes by "
                    + "itself once Redis answers again; the API nodes meanwhile follow each policy's failure behaviour.");
        }
        return model;
    }

    private static String url(String path, String prefix, WindowQuery.Order sort, int page) {
        StringBuilder url = new StringBuilder(path).append("?order=")
                .append(sort == WindowQuery.Order.RECENTLY_SEEN ? "recent" : "used");
        if (!prefix.isEmpty()) {
            url.append("&q=").append(URLEncoder.encode(prefix, StandardCharsets.UTF_8));
        }
        if (page > 0) {
            url.append("&page=").append(page);
        }
        return url.toString();
    }
}
