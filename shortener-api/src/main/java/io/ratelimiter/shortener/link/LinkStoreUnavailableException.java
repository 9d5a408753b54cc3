package io.ratelimiter.shortener.link;

import io.micronaut.data.connection.exceptions.ConnectionException;
import io.micronaut.data.connection.jdbc.exceptions.CannotGetJdbcConnectionException;
import java.sql.SQLException;
import java.sql.SQLRecoverableException;
import java.sql.SQLTransientConnectionException;

/** The database could not be reached; the request may well succeed if retried in a moment. */
public final class LinkStoreUnavailableException extends RuntimeException {

    LinkStoreUnavailableException(Throwable cause) {
        super("the link database is unreachable: " + cause.getMessage(), cause);
    }

    /**
     * Connection failures surface from several layers (Hikari, Micronaut Data's connection and transaction managers,
     * the driver), each with its own exception type; the SQL state underneath is what they share.
     */
    static boolean isConnectionFailure(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause() == cause ? null : cause.getCause()) {
            if (cause instanceof ConnectionException || cause instanceof CannotGetJdbcConnectionException
                    || cause instanceof SQLTransientConnectionException || cause instanceof SQLRecoverableException) {
                return true;
            }
            if (cause instanceof SQLException sql && sql.getSQLState() != null
                    && (sql.getSQLState().startsWith("08") || sql.getSQLState().startsWith("57P"))) {
                return true;
            }
        }
        return false;
    }
}
