package io.ratelimiter.admin.signin;

import io.micronaut.data.annotation.Query;
import io.micronaut.data.jdbc.annotation.JdbcRepository;
import io.micronaut.data.model.query.builder.sql.Dialect;
import io.micronaut.data.repository.GenericRepository;
import java.util.Optional;

/** Reads accounts only: the console never writes them (ManageOperators does, by inserting a new version). */
@JdbcRepository(dialect = Dialect.POSTGRES)
interface OperatorAccountRepository extends GenericRepository<OperatorAccount, Long> {

    @Query("SELECT * FROM operator_account WHERE name = :name ORDER BY id DESC LIMIT 1")
    Optional<OperatorAccount> newest(String name);
}
