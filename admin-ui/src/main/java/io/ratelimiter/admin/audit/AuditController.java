package io.ratelimiter.admin.audit;

import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Produces;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.security.annotation.Secured;
import io.micronaut.security.rules.SecurityRule;
import io.micronaut.views.View;
import io.ratelimiter.admin.web.RelativeTime;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;

/** The audit log, newest first. */
@Controller("/audit")
@Produces(MediaType.TEXT_HTML)
@Secured(SecurityRule.IS_AUTHENTICATED)
@ExecuteOn(TaskExecutors.BLOCKING)
final class AuditController {

    static final int PAGE_SIZE = 50;
    private static final DateTimeFormatter WHEN = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'")
            .withZone(ZoneOffset.UTC);

    /** One entry as the page shows it. */
    record Row(String when, String ago, String operator, String action, String subject, String before, String after) {
    }

    private final AuditLog auditLog;

    AuditController(AuditLog auditLog) {
        this.auditLog = auditLog;
    }

    @Get
    @View("audit")
    Map<String, Object> list(@QueryValue(defaultValue = "0") int page) {
        int current = Math.max(0, Math.min(page, 1_000_000));
        List<AuditEntry> entries = auditLog.newestFirst(current, PAGE_SIZE);
        Instant now = Instant.now();
        List<Row> rows = entries.stream().limit(PAGE_SIZE)
                .map(e -> new Row(WHEN.format(e.at()), RelativeTime.since(e.at(), now), e.operator(), e.action(),
                        e.subject(), e.before(), e.after()))
                .toList();
        return Map.of("title", "Audit", "nav", "audit", "rows", rows, "page", current,
                "hasNext", entries.size() > PAGE_SIZE);
    }
}
