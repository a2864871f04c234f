package dev.mcs.service.job;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mcs.service.model.ModelUploaded;
import dev.mcs.support.ServiceTest;
import java.sql.Connection;
import java.sql.ResultSet;
import java.util.UUID;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * A task queued inside a transaction becomes visible to runners only when that transaction commits, together
 * with the row it belongs to; a scheduler that committed on its own once let runners see an inspection task
 * before its model row and drop it.
 */
@ServiceTest
class JobQueueTransactionTest {

    @Autowired
    JobQueue queue;

    @Autowired
    TransactionTemplate tx;

    @Autowired
    DataSource dataSource;

    @Test
    void aTaskQueuedInsideATransactionIsInvisibleToOtherConnectionsUntilTheCommit() throws Exception {
        String modelId = UUID.randomUUID().toString();
        try {
            tx.executeWithoutResult(status -> {
                queue.onModelUploaded(new ModelUploaded(UUID.fromString(modelId)));
                assertThat(tasksSeenElsewhere(modelId)).as("visible before the commit").isZero();
                status.setRollbackOnly();
            });
            assertThat(tasksSeenElsewhere(modelId)).as("left behind by a rolled-back transaction").isZero();
        } finally {
            try (Connection other = dataSource.getConnection()) {
                other.createStatement().execute("delete from scheduled_tasks where task_instance = '" + modelId + "'");
            }
        }
    }

    /** Counted on a connection of its own, outside the transaction under test. */
    private long tasksSeenElsewhere(String modelId) {
        try (Connection other = dataSource.getConnection();
                ResultSet rows = other.createStatement().executeQuery(
                        "select count(*) from scheduled_tasks where task_instance = '" + modelId + "'")) {
            rows.next();
            return rows.getLong(1);
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
