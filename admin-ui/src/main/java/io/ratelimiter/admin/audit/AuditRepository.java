package io.ratelimiter.admin.audit;

import io.micronaut.data.annotation.Query;
import io.micronaut.data.jdbc.annotation.JdbcRepository;
import io.micronaut.data.model.query.builder.sql.Dialect;
import io.micronaut.data.repository.GenericRepository;
import java.util.List;

@JdbcRepository(dialect = Dialect.POSTGRES)
interface AuditRepository extends GenericRepository<AuditEntry, Long> {

    AuditEntry save(AuditEntry entry);

    @Query("SELECT * FROM audit_entry ORDER BY id DESC LIMIT :limit OFFSET :offset")
    List<AuditEntry> newestFirst(int limit, long offset);
}
