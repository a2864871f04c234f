package dev.mcs.support;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.UUID;
import javax.sql.DataSource;

/** Runs SQL as another client would, to prove row locks from the test's own transaction. */
public final class OtherConnection {

    private OtherConnection() {}

    /**
     * Runs {@code sql} with {@code id} as its one parameter on a connection of its own, outside any Spring
     * transaction, and rolls back.
     *
     * @return the SQLState of a failure (e.g. 55P03 for a NOWAIT lock conflict), or null on success
     */
    public static String run(DataSource dataSource, String sql, UUID id) {
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(false);
            try (PreparedStatement statement = connection.prepareStatement(sql)) {
                statement.setObject(1, id);
                statement.execute();
                return null;
            } catch (SQLException e) {
                return e.getSQLState();
            } finally {
                connection.rollback();
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
