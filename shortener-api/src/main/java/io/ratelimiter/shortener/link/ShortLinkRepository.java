package io.ratelimiter.shortener.link;

import io.micronaut.data.annotation.Query;
import io.micronaut.data.jdbc.annotation.JdbcRepository;
import io.micronaut.data.model.query.builder.sql.Dialect;
import io.micronaut.data.repository.GenericRepository;
import java.util.Optional;

@JdbcRepository(dialect = Dialect.POSTGRES)
interface ShortLinkRepository extends GenericRepository<ShortLink, Long> {

    /** The redirect hot path: one lookup on the unique index of {@code code}. */
    Optional<String> findUrlByCode(String code);

    Optional<String> findCodeByUrlSha256(byte[] urlSha256);

    /**
     * Inserts unless the code or the URL is already stored, in one statement, so that concurrent shortens of one URL
     * on several nodes never fail and never store it twice. Returns the number of rows inserted (0 or 1).
     */
    @Query("INSERT INTO short_link (code, url, url_sha256) VALUES (:code, :url, :urlSha256) ON CONFLICT DO NOTHING")
    long insertIfAbsent(String code, String url, byte[] urlSha256);
}
