package io.ratelimiter.admin.audit;

import io.micronaut.core.annotation.Nullable;
import io.ratelimiter.limiter.admin.RedisUnavailableException;
import io.ratelimiter.limiter.policy.InvalidPolicyException;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The audit cannot be skipped: a change is recorded as pending before it is applied, and its outcome after. A change
 * whose pending row the database cannot take is not made; a change that was made but whose outcome row could not be
 * written stays pending, which the audit page shows as an outcome nobody knows.
 */
@Singleton
public final class AuditLog {

    private static final Logger LOG = LoggerFactory.getLogger(AuditLog.class);

    private final AuditRepository repository;
    private final Clock clock;

    AuditLog(AuditRepository repository, Clock clock) {
        this.repository = repository;
        this.clock = clock;
    }

    /** A change to make: returns nothing, throws when Redis refused it or did not answer. */
    @FunctionalInterface
    public interface Change {
        void apply();
    }

    /** A change as the audit page lists it: its pending row, and its outcome row once there is one. */
    public record Recorded(AuditEntry entry, @Nullable AuditEntry outcome) {

        /** The change's outcome as far as the audit knows it; an event's is {@link Outcome#EVENT}. */
        public Outcome state() {
            return outcome == null ? Outcome.of(entry.outcome()) : Outcome.of(outcome.outcome());
        }
    }

    /**
     * Records the change as pending, applies it, and records its outcome. The value before it is read first; when
     * Redis cannot tell it, the change is still attempted, its before value recorded as unknown.
     *
     * @throws AuditUnavailableException  when the database could not record the pending change (nothing changed)
     * @throws RedisUnavailableException  when Redis did not take the change (its outcome is recorded first)
     */
    public void change(Actor actor, String action, String subject, Supplier<String> before, String after,
                       Change change) {
        String beforeValue;
        try {
            beforeValue = before.get();
        } catch (RedisUnavailableException e) {
            beforeValue = "unknown: Redis could not be read (" + e.getMessage() + ")";
        }
        AuditEntry pending = insert(actor, action, subject, beforeValue, after, Outcome.PENDING, "", null);
        try {
            change.apply();
        } catch (RedisUnavailableException e) {
            settle(pending, e.outcomeUnknown() ? Outcome.UNKNOWN : Outcome.FAILED, e.getMessage());
            throw e;
        } catch (InvalidPolicyException e) {
            settle(pending, Outcome.FAILED, e.getMessage());
            throw e;
        } catch (RuntimeException e) {
            settle(pending, Outcome.UNKNOWN, "the console failed while applying it: " + e);
            throw e;
        }
        settle(pending, Outcome.APPLIED, "");
    }

    /**
     * Records a sign-in, failed sign-in or sign-out.
     *
     * @throws AuditUnavailableException when the database could not record it
     */
    public void event(Actor actor, String action, String subject, String detail) {
        insert(actor, action, subject, "", "", Outcome.EVENT, detail, null);
    }

    /** Changes and events newest first, {@code size} per page; one more is read to tell whether a next page exists. */
    public List<Recorded> newestFirst(int page, int size) {
        try {
            List<AuditEntry> entries = repository.newestFirst(size + 1, (long) page * size);
            Map<Long, AuditEntry> outcomes = entries.isEmpty() ? Map.of()
                    : repository.outcomesOf(entries.stream().map(AuditEntry::id).toList()).stream()
                    .collect(Collectors.toMap(AuditEntry::refersTo, Function.identity()));
            return entries.stream().map(e -> new Recorded(e, outcomes.get(e.id()))).toList();
        } catch (RuntimeException e) {
            throw new AuditUnavailableException(e);
        }
    }

    /** The newest changes whose outcome is unknown, at most {@code limit}. */
    public List<AuditEntry> unsettled(int limit) {
        try {
            return repository.unsettled(limit);
        } catch (RuntimeException e) {
            throw new AuditUnavailableException(e);
        }
    }

    private void settle(AuditEntry pending, Outcome outcome, String detail) {
        try {
            insert(new Actor(pending.operator(), pending.sourceAddress(), pending.sessionRef()), pending.action(),
                    pending.subject(), pending.before(), pending.after(), outcome, detail, pending.id());
        } catch (AuditUnavailableException e) {
            LOG.error("audit: the outcome ({}) of change {} could not be recorded; it stays pending: {}",
                    outcome.column(), pending.id(), e.getMessage());
        }
    }

    private AuditEntry insert(Actor actor, String action, String subject, String before, String after,
                              Outcome outcome, String detail, @Nullable Long refersTo) {
        AuditEntry saved;
        try {
            saved = repository.save(new AuditEntry(null, clock.instant(), actor.operator(), actor.sourceAddress(),
                    actor.sessionRef(), action, subject, before, after, outcome.column(), detail, refersTo));
        } catch (RuntimeException e) {
            throw new AuditUnavailableException(e);
        }
        LOG.info("audit: id={} outcome={} operator={} address={} session={} action=\"{}\" subject=\"{}\" before=\"{}\" "
                        + "after=\"{}\" detail=\"{}\"", saved.id(), outcome.column(), actor.operator(),
                actor.sourceAddress(), actor.sessionRef(), action, subject, before, after, detail);
        return saved;
    }
}
