package io.ratelimiter.admin.overview;

import io.micronaut.http.HttpResponse;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Produces;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.security.annotation.Secured;
import io.micronaut.security.rules.SecurityRule;
import io.micronaut.views.ModelAndView;
import io.ratelimiter.admin.web.LineChart;
import io.ratelimiter.admin.web.Numbers;
import io.ratelimiter.limiter.admin.RateLimiterAdmin;
import io.ratelimiter.limiter.admin.RedisUnavailableException;
import io.ratelimiter.limiter.admin.TrafficOverview;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Decisions per second from the counters the check keeps in Redis (charted and tabled), Redis' own health as the console sees it, and
 * each configured node's health and fail-open count. The page polls its own fragment, like the live windows.
 */
@Controller("/overview")
@Produces(MediaType.TEXT_HTML)
@Secured(SecurityRule.IS_AUTHENTICATED)
@ExecuteOn(TaskExecutors.BLOCKING)
final class OverviewController {

    private static final DateTimeFormatter SECOND = DateTimeFormatter.ofPattern("HH:mm:ss").withZone(ZoneOffset.UTC);

    /** One second of decisions as the table shows it. */
    record SecondRow(String at, String allowed, String denied, String shadowDenied) {
    }

    /** One node as the table shows it. */
    record NodeRow(String node, String health, boolean up, String failOpen) {
    }

    private final RateLimiterAdmin admin;
    private final NodeProbe nodes;

    OverviewController(RateLimiterAdmin admin, NodeProbe nodes) {
        this.admin = admin;
        this.nodes = nodes;
    }

    @Get
    HttpResponse<?> page() {
        Map<String, Object> model = model();
        model.put("title", "Overview");
        model.put("nav", "overview");
        return HttpResponse.ok(new ModelAndView<>("overview", model));
    }

    @Get("/live")
    ModelAndView<Map<String, Object>> fragment() {
        return new ModelAndView<>("fragments/overview", model());
    }

    private Map<String, Object> model() {
        Map<String, Object> model = new HashMap<>();
        model.put("seconds", List.of());
        long started = System.nanoTime();
        try {
            TrafficOverview traffic = admin.overview();
            long micros = (System.nanoTime() - started) / 1000;
            model.put("redisUp", true);
            model.put("redis", "up, answered in " + (micros < 1000 ? micros + " µs" : micros / 1000 + " ms"));
            model.put("allowed", Numbers.rate(traffic.allowedPerSecond()));
            model.put("denied", Numbers.rate(traffic.deniedPerSecond()));
            model.put("shadowDenied", Numbers.rate(traffic.shadowDeniedPerSecond()));
            model.put("tracked", Numbers.count(traffic.trackedWindows()));
            model.put("chart", chart(traffic.seconds()));
            List<TrafficOverview.Second> newestFirst = new ArrayList<>(traffic.seconds());
            Collections.reverse(newestFirst);
            model.put("seconds", newestFirst.stream()
                    .map(s -> new SecondRow(SECOND.format(s.at()), Numbers.count(s.allowed()),
                            Numbers.count(s.denied()), Numbers.count(s.shadowDenied())))
                    .toList());
        } catch (RedisUnavailableException e) {
            model.put("redisUp", false);
            model.put("redis", "unreachable: " + e.getMessage());
        }
        List<NodeRow> rows = nodes.probe().stream()
                .map(n -> new NodeRow(n.node(), n.health(), n.up(), n.failOpenText()))
                .toList();
        model.put("nodes", rows);
        return model;
    }

    /** However many seconds the overview holds, oldest first. */
    private static LineChart chart(List<TrafficOverview.Second> seconds) {
        String first = seconds.isEmpty() ? "" : SECOND.format(seconds.get(0).at());
        String last = seconds.isEmpty() ? "" : SECOND.format(seconds.get(seconds.size() - 1).at()) + " UTC";
        return LineChart.of(first, last, "per second", List.of(
                new LineChart.Values("allowed", "allowed", seconds.stream().map(TrafficOverview.Second::allowed).toList()),
                new LineChart.Values("denied", "denied", seconds.stream().map(TrafficOverview.Second::denied).toList()),
                new LineChart.Values("shadow denied", "shadow",
                        seconds.stream().map(TrafficOverview.Second::shadowDenied).toList())));
    }
}
