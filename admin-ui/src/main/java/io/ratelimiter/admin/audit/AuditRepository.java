package io.ratelimiter.admin.audit;

import io.micronaut.data.annotation.Query;
import io.micronaut.data.jdbc.annotation.JdbcRepository;
import io.micronaut.data.model.query.builder.sql.Dialect;
import io.micronaut.data.repository.GenericRepository;
import java.util.Collection;
import java.util.List;

/** Inserts and reads only: the console's database role may do nothing else to the audit. */
@JdbcRepository(dialect = Dialect.POSTGRES)
interface AuditRepository extends GenericRepository<AuditEntry, Long> {

    AuditEntry save(AuditEntry entry);

    /** Changes (their pending rows) and events, newest first; outcomes are read with {@link #outcomesOf}. */
    @Query("SELECT * FROM audit_entry WHERE refers_to IS NULL ORDER BY id DESC LIMIT :limit OFFSET :offset")
    List<AuditEntry> newestFirst(int limit, long offset);

    @Query("SELECT * FROM audit_entry WHERE refers_to IN (:changes)")
    List<AuditEntry> outcomesOf(Collection<Long> changes);

    /** Changes whose outcome is unknown: never settled, or settled as unknown. Newest first. */
    @Query("""
            SELECT * FROM audit_entry change WHERE change.outcome = 'pending' AND NOT EXISTS (
                SELECT 1 FROM audit_entry settled WHERE settled.refers_to = change.id
                AND settled.outcome IN ('applied', 'failed'))
            ORDER BY change.id DESC LIMIT :limit""")
    List<AuditEntry> unsettled(int limit);
}
