package dev.mcs.service.tenant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mcs.support.JpaTest;
import java.util.List;
import java.util.UUID;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * The tenancy migration on a database that already holds work: a schema of its own is migrated to V3, filled,
 * then migrated to the latest version.
 */
@JpaTest
@Transactional(propagation = Propagation.NOT_SUPPORTED)
class TenantMigrationTest {

    private static final String DEFAULT_TENANT = "00000000-0000-0000-0000-000000000001";

    @Autowired
    DataSource dataSource;

    private final String schema = System.getProperty("mcs.test.jpa-schema", "mcs_jpa_test") + "_v4";

    @AfterEach
    void dropSchema() {
        new JdbcTemplate(dataSource).execute("drop schema if exists " + schema + " cascade");
    }

    @Test
    void rows_from_before_tenancy_go_to_the_default_tenant_and_idempotency_keys_become_per_tenant() {
        flyway("3").migrate();
        JdbcTemplate jdbc = new JdbcTemplate(dataSource);
        UUID model = UUID.randomUUID();
        UUID dataset = UUID.randomUUID();
        jdbc.update("insert into " + schema + ".model (id, name, format, size_bytes, sha256, blob_key, status,"
                + " created_at, updated_at) values (?, 'm', 'ONNX', 1, 'x', 'models/m', 'READY', now(), now())", model);
        jdbc.update("insert into " + schema + ".dataset (id, name, size_bytes, sha256, blob_key, sample_count, arrays,"
                + " has_labels, created_at) values (?, 'd', 1, 'x', 'datasets/d', 5, '[]', false, now())", dataset);
        jdbc.update(job(null), UUID.randomUUID(), model);

        flyway(null).migrate();

        for (String table : List.of("model", "dataset", "job")) {
            assertThat(jdbc.queryForList("select tenant_id::text from " + schema + "." + table, String.class))
                    .as(table).containsExactly(DEFAULT_TENANT);
        }
        UUID other = UUID.randomUUID();
        jdbc.update("insert into " + schema + ".tenant (id, name, created_at) values (?, 'other', now())", other);
        jdbc.update(job(other), UUID.randomUUID(), model);
        assertThatThrownBy(() -> jdbc.update(job(DEFAULT_TENANT), UUID.randomUUID(), model))
                .isInstanceOf(DataIntegrityViolationException.class);
    }

    /** A job with Idempotency-Key {@code k}: before V4 without a tenant column (tenant null), after it of the tenant. */
    private String job(Object tenant) {
        return "insert into " + schema + ".job (id, model_id, type, params, status, max_attempts, idempotency_key,"
                + " created_at, updated_at" + (tenant == null ? "" : ", tenant_id") + ") values (?, ?, 'QUANTIZE',"
                + " '{}', 'QUEUED', 3, 'k', now(), now()" + (tenant == null ? "" : ", '" + tenant + "'") + ")";
    }

    private Flyway flyway(String target) {
        var configuration = Flyway.configure().dataSource(dataSource).schemas(schema).defaultSchema(schema)
                .createSchemas(true).locations("classpath:db/migration").cleanDisabled(false);
        if (target != null) {
            configuration.target(target);
        }
        return configuration.load();
    }
}
