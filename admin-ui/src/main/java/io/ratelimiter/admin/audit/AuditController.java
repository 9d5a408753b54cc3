package io.ratelimiter.admin.audit;

import io.micronaut.core.annotation.Nullable;
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
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;

/** The audit log, newest first, and above it every change whose outcome nobody knows. */
@Controller("/audit")
@Produces(MediaType.TEXT_HTML)
@Secured(SecurityRule.IS_AUTHENTICATED)
@ExecuteOn(TaskExecutors.BLOCKING)
final class AuditController {

    static final int PAGE_SIZE = 50;
    static final int UNSETTLED_SHOWN = 20;
    private static final DateTimeFormatter WHEN = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'")
            .withZone(ZoneOffset.UTC);

    /** One change or event as the page shows it; {@code outcome} is a word, {@code detail} says why. */
    record Row(long id, String when, String ago, String operator, String address, String session, String action,
               String subject, String before, String after, String outcome, String detail) {
    }

    private final AuditLog auditLog;
    private final Clock clock;

    AuditController(AuditLog auditLog, Clock clock) {
        this.auditLog = auditLog;
        this.clock = clock;
    }

    @Get
    @View("audit")
    Map<String, Object> list(@QueryValue(defaultValue = "0") int page) {
        int current = Math.max(0, Math.min(page, 1_000_000));
        List<AuditLog.Recorded> entries = auditLog.newestFirst(current, PAGE_SIZE);
        Instant now = clock.instant();
        List<Row> rows = entries.stream().limit(PAGE_SIZE).map(r -> row(r.entry(), r.outcome(), r.state(), now))
                .toList();
        List<Row> unknown = auditLog.unsettled(UNSETTLED_SHOWN).stream()
                .map(e -> row(e, null, Outcome.UNKNOWN, now)).toList();
        return Map.of("title", "Audit", "nav", "audit", "rows", rows, "unknown", unknown, "page", current,
                "hasNext", entries.size() > PAGE_SIZE);
    }

    private static Row row(AuditEntry entry, @Nullable AuditEntry outcome, Outcome state, Instant now) {
        String detail = outcome != null ? outcome.detail()
                : state == Outcome.PENDING ? "no outcome recorded: the console stopped, or could not reach its "
                + "database, after sending the change; check whether it took effect"
                : entry.detail();
        return new Row(entry.id(), WHEN.format(entry.at()), RelativeTime.since(entry.at(), now), entry.operator(),
                entry.sourceAddress(), entry.sessionRef(), entry.action(), entry.subject(), entry.before(),
                entry.after(), word(state), detail);
    }

    private static String word(Outcome state) {
        return switch (state) {
            case PENDING -> "unknown";
            case EVENT -> "";
            default -> state.column();
        };
    }
}
