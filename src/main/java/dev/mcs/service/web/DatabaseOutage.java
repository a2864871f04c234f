package dev.mcs.service.web;

import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLRecoverableException;
import java.sql.SQLTransientConnectionException;
import java.util.Set;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.transaction.CannotCreateTransactionException;

/**
 * Recognises an error caused by the database being unreachable, whatever layer wrapped it: no connection within
 * the pool's timeout, a pooled connection cut by a restart (SQLSTATE class 08), the server shutting down
 * (57P01–57P03), or a rollback that failed on the JDBC connection itself (Spring then throws the rollback's error
 * instead of the query's). Such a request changed nothing and may simply be sent again.
 */
public final class DatabaseOutage {

    /** Seconds a client is told to wait before sending the request again. */
    public static final String RETRY_AFTER_SECONDS = "5";
    /** The problem's detail, the same from the exception handler and from filters. */
    public static final String DETAIL = "the database is unavailable; nothing was changed, retry in a few seconds";

    private static final Set<String> SHUTDOWN_STATES = Set.of("57P01", "57P02", "57P03");

    private DatabaseOutage() {}

    public static boolean causedBy(Throwable error) {
        for (Throwable cause = error; cause != null; cause = cause.getCause() == cause ? null : cause.getCause()) {
            if (cause instanceof DataAccessResourceFailureException || cause instanceof CannotCreateTransactionException
                    || cause instanceof SQLTransientConnectionException || cause instanceof SQLRecoverableException
                    || cause instanceof SQLNonTransientConnectionException) {
                return true;
            }
            if (cause instanceof org.hibernate.TransactionException && cause.getCause() instanceof SQLException) {
                return true;
            }
            if (cause instanceof SQLException sql && sql.getSQLState() != null
                    && (sql.getSQLState().startsWith("08") || SHUTDOWN_STATES.contains(sql.getSQLState()))) {
                return true;
            }
        }
        return false;
    }
}
