package io.ratelimiter.admin.audit;

import io.micronaut.transaction.TransactionOperations;
import io.ratelimiter.limiter.admin.RedisUnavailableException;
import io.ratelimiter.limiter.policy.InvalidPolicyException;
import jakarta.inject.Singleton;
import java.sql.Connection;
import java.time.Instant;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Makes a change and its audit entry one step: the entry is inserted in a transaction that commits only once Redis
 * took the change, so a change that failed leaves no entry and a change the database could not record is not made.
 */
@Singleton
public final class AuditLog {

    private static final Logger LOG = LoggerFactory.getLogger(AuditLog.class);

    private final AuditRepository repository;
    private final TransactionOperations<Connection> transactions;

    AuditLog(AuditRepository repository, TransactionOperations<Connection> transactions) {
        this.repository = repository;
        this.transactions = transactions;
    }

    /** A change to make: returns nothing, throws when Redis refused it. */
    @FunctionalInterface
    public interface Change {
        void apply();
    }

    /**
     * Records the entry and applies the change, or neither.
     *
     * @throws RedisUnavailableException  when Redis could not take the change (nothing recorded)
     * @throws AuditUnavailableException  when the database could not record it (nothing changed)
     */
    public void record(String operator, String action, String subject, String before, String after, Change change) {
        try {
            transactions.executeWrite(status -> {
                repository.save(new AuditEntry(null, Instant.now(), operator, action, subject, before, after));
                change.apply();
                return null;
            });
        } catch (RedisUnavailableException | InvalidPolicyException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new AuditUnavailableException(e);
        }
        LOG.info("audit: operator={} action=\"{}\" subject=\"{}\" before=\"{}\" after=\"{}\"",
                operator, action, subject, before, after);
    }

    /** Entries newest first, {@code size} per page; one more is read to tell whether a next page exists. */
    public List<AuditEntry> newestFirst(int page, int size) {
        try {
            return repository.newestFirst(size + 1, (long) page * size);
        } catch (RuntimeException e) {
            throw new AuditUnavailableException(e);
        }
    }
}
