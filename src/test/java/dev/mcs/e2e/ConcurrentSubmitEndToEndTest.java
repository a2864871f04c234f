package dev.mcs.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mcs.support.Api;
import dev.mcs.support.Fixtures;
import dev.mcs.support.ServiceTest;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.HttpHeaders;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.JdbcTemplate;
import tools.jackson.databind.JsonNode;

/** Two submits racing with one new Idempotency-Key, over real HTTP against real PostgreSQL. */
@ServiceTest
class ConcurrentSubmitEndToEndTest {

    @LocalServerPort
    int port;

    @Autowired
    JdbcTemplate jdbc;

    @Autowired
    DataSource dataSource;

    @Test
    void twoConcurrentSubmitsWithOneNewIdempotencyKeyCreateOneJobAndBothAnswersNameIt() throws Exception {
        Api api = new Api(port);
        String modelId = api.uploadReadyModel(Fixtures.MLP_ONNX).path("id").asString();
        String key = "race-" + UUID.randomUUID();
        HttpHeaders headers = new HttpHeaders();
        headers.add("Idempotency-Key", key);
        ExecutorService clients = Executors.newFixedThreadPool(2);
        List<ResponseEntity<JsonNode>> answers;
        try (Connection locker = dataSource.getConnection()) {
            // Holding the model row stops both requests inside their transactions: past the lookup of the
            // key, before the insert. Released together, they really race for the key.
            locker.setAutoCommit(false);
            lockModel(locker, modelId);
            List<Future<ResponseEntity<JsonNode>>> submits = List.of(
                    clients.submit(() -> api.post("/api/v1/jobs", Api.quantizeJob(modelId, null), headers)),
                    clients.submit(() -> api.post("/api/v1/jobs", Api.quantizeJob(modelId, null), headers)));
            awaitSessionsBlockedBy(locker, 2);
            locker.rollback();
            answers = List.of(submits.get(0).get(60, TimeUnit.SECONDS), submits.get(1).get(60, TimeUnit.SECONDS));
        } finally {
            clients.shutdownNow();
        }

        assertThat(answers).allSatisfy(answer -> assertThat(answer.getStatusCode().value())
                .as("answer %s", answer.getBody()).isEqualTo(202));
        String jobId = answers.get(0).getBody().path("id").asString();
        assertThat(answers.get(1).getBody().path("id").asString()).isEqualTo(jobId);
        assertThat(answers).extracting(answer -> answer.getHeaders().getFirst("Idempotent-Replayed"))
                .containsExactlyInAnyOrder("false", "true");
        assertThat(jdbc.queryForObject("select count(*) from job where idempotency_key = ?", Long.class, key))
                .isEqualTo(1);
        api.post("/api/v1/jobs/" + jobId + "/cancel", null);
    }

    private static void lockModel(Connection connection, String modelId) throws SQLException {
        String sql = "select id from model where id = ?::uuid for update";
        try (PreparedStatement lock = connection.prepareStatement(sql)) {
            lock.setString(1, modelId);
            lock.executeQuery().close();
        }
    }

    /** Waits until {@code count} database sessions wait for a lock that {@code holder} holds. */
    private void awaitSessionsBlockedBy(Connection holder, int count) throws SQLException {
        int holderPid;
        try (PreparedStatement pid = holder.prepareStatement("select pg_backend_pid()");
                ResultSet row = pid.executeQuery()) {
            row.next();
            holderPid = row.getInt(1);
        }
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (System.nanoTime() < deadline) {
            Long blocked = jdbc.queryForObject("select count(*) from pg_stat_activity"
                    + " where ? = any(pg_blocking_pids(pid))", Long.class, holderPid);
            if (blocked != null && blocked >= count) {
                return;
            }
            Api.sleep(20);
        }
        throw new AssertionError("the two submits never reached the model lock");
    }
}
