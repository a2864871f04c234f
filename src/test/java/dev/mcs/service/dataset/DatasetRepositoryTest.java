package dev.mcs.service.dataset;

import dev.mcs.service.tenant.Tenant;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mcs.shared.format.npz.NpyArrayInfo;
import dev.mcs.support.JpaTest;
import dev.mcs.support.OtherConnection;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.jpa.test.autoconfigure.TestEntityManager;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.data.domain.Page;
import org.springframework.data.domain.PageRequest;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

@JpaTest
class DatasetRepositoryTest {

    private static final Instant T0 = Instant.parse("2025-03-01T10:00:00Z");
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final TypeReference<List<NpyArrayInfo>> ARRAY_LIST = new TypeReference<>() {};
    private static final List<NpyArrayInfo> ARRAYS = List.of(
            new NpyArrayInfo("input", "float32", List.of(360L, 64L)),
            new NpyArrayInfo(Dataset.LABELS, "int64", List.of(360L)),
            new NpyArrayInfo("attention_mask", "bool", List.of(360L, 1L, 128L)));

    @Autowired
    DatasetRepository datasets;

    @Autowired
    TestEntityManager em;

    @Autowired
    JdbcTemplate jdbc;

    @Autowired
    DataSource dataSource;

    @Autowired
    PlatformTransactionManager transactionManager;

    private static Dataset dataset(UUID id, String name, Instant createdAt) {
        return new Dataset(id, Tenant.DEFAULT_ID, name, 4096, "cd".repeat(32), "datasets/" + UUID.randomUUID(), 360,
                JSON.writeValueAsString(ARRAYS), true, createdAt);
    }

    private static Dataset dataset(String name, Instant createdAt) {
        return dataset(UUID.randomUUID(), name, createdAt);
    }

    @Test
    void a_saved_dataset_reads_back_with_every_column_and_its_array_list_in_order() {
        Dataset saved = datasets.saveAndFlush(dataset("digits.npz", T0));
        em.clear();

        Dataset loaded = datasets.findById(saved.getId()).orElseThrow();

        assertThat(loaded).isNotSameAs(saved);
        assertThat(loaded.getName()).isEqualTo("digits.npz");
        assertThat(loaded.getSizeBytes()).isEqualTo(4096);
        assertThat(loaded.getSha256()).isEqualTo("cd".repeat(32));
        assertThat(loaded.getBlobKey()).isEqualTo(saved.getBlobKey());
        assertThat(loaded.getSampleCount()).isEqualTo(360);
        assertThat(loaded.isHasLabels()).isTrue();
        assertThat(loaded.getCreatedAt()).isEqualTo(T0);
        assertThat(JSON.readValue(loaded.getArrays(), ARRAY_LIST)).containsExactlyElementsOf(ARRAYS);
    }

    @Test
    void the_arrays_column_is_a_jsonb_array_that_sql_can_query() {
        Dataset saved = datasets.saveAndFlush(dataset("digits.npz", T0));

        assertThat(jdbc.queryForObject("select jsonb_typeof(arrays) from dataset where id = ?", String.class, saved.getId()))
                .isEqualTo("array");
        assertThat(jdbc.queryForObject("select jsonb_array_length(arrays) from dataset where id = ?", Integer.class,
                saved.getId())).isEqualTo(3);
        assertThat(jdbc.queryForObject("select arrays -> 1 ->> 'name' from dataset where id = ?", String.class,
                saved.getId())).isEqualTo("labels");
        assertThat(jdbc.queryForObject("select (arrays #>> '{2,shape,2}')::int from dataset where id = ?", Integer.class,
                saved.getId())).isEqualTo(128);
    }

    @Test
    void an_empty_array_list_round_trips_as_an_empty_json_array() {
        Dataset saved = datasets.saveAndFlush(new Dataset(UUID.randomUUID(), Tenant.DEFAULT_ID, "empty", 22, "00".repeat(32),
                "datasets/" + UUID.randomUUID(), 0, "[]", false, T0));
        em.clear();

        assertThat(JSON.readValue(datasets.findById(saved.getId()).orElseThrow().getArrays(), ARRAY_LIST)).isEmpty();
    }

    @Test
    void arrays_are_required_by_the_schema() {
        Dataset noArrays = new Dataset(UUID.randomUUID(), Tenant.DEFAULT_ID, "broken", 22, "00".repeat(32), "datasets/" + UUID.randomUUID(),
                0, null, false, T0);

        assertThatThrownBy(() -> datasets.saveAndFlush(noArrays)).isInstanceOf(DataIntegrityViolationException.class);
    }

    @Test
    void pages_list_datasets_newest_first_with_ties_broken_by_id_descending() {
        UUID low = UUID.fromString("10000000-0000-4000-8000-000000000000");
        UUID high = UUID.fromString("e0000000-0000-4000-8000-000000000000");
        Dataset oldest = datasets.save(dataset("oldest", T0.minusSeconds(3600)));
        Dataset tieHigh = datasets.save(dataset(high, "tie-high", T0));
        Dataset tieLow = datasets.save(dataset(low, "tie-low", T0));
        Dataset newest = datasets.save(dataset("newest", T0.plusMillis(1)));
        datasets.flush();
        em.clear();

        Page<Dataset> first = datasets.findByTenantIdOrderByCreatedAtDescIdDesc(Tenant.DEFAULT_ID, PageRequest.of(0, 2));
        Page<Dataset> second = datasets.findByTenantIdOrderByCreatedAtDescIdDesc(Tenant.DEFAULT_ID, PageRequest.of(1, 2));
        Page<Dataset> beyond = datasets.findByTenantIdOrderByCreatedAtDescIdDesc(Tenant.DEFAULT_ID, PageRequest.of(2, 2));

        assertThat(first.getTotalElements()).isEqualTo(4);
        assertThat(first.getContent()).extracting(Dataset::getId).containsExactly(newest.getId(), tieHigh.getId());
        assertThat(second.getContent()).extracting(Dataset::getId).containsExactly(tieLow.getId(), oldest.getId());
        assertThat(beyond.getContent()).isEmpty();
        assertThat(beyond.getTotalElements()).isEqualTo(4);
    }

    @Test
    void two_datasets_cannot_share_a_blob_key() {
        Dataset first = datasets.saveAndFlush(dataset("first", T0));
        Dataset second = new Dataset(UUID.randomUUID(), Tenant.DEFAULT_ID, "second", 1, "00".repeat(32), first.getBlobKey(), 1, "[]", false, T0);

        assertThatThrownBy(() -> datasets.saveAndFlush(second)).isInstanceOf(DataIntegrityViolationException.class)
                .hasMessageContaining("blob_key");
    }

    @Test
    void deleting_a_dataset_keeps_the_jobs_that_used_it_without_a_dataset() {
        Dataset dataset = datasets.saveAndFlush(dataset("calibration", T0));
        UUID modelId = UUID.randomUUID();
        UUID jobId = UUID.randomUUID();
        Timestamp t0 = Timestamp.from(T0);
        jdbc.update("insert into model (id, tenant_id, name, format, size_bytes, sha256, blob_key, status, created_at,"
                + " updated_at) values (?, '00000000-0000-0000-0000-000000000001', 'm', 'ONNX', 1, 'x', ?, 'READY', ?, ?)", modelId, "models/" + UUID.randomUUID(), t0, t0);
        jdbc.update("insert into job (id, tenant_id, model_id, dataset_id, type, params, status, max_attempts, created_at,"
                + " updated_at) values (?, '00000000-0000-0000-0000-000000000001', ?, ?, 'QUANTIZE', '{}'::jsonb, 'SUCCEEDED', 3, ?, ?)", jobId, modelId, dataset.getId(), t0, t0);

        datasets.delete(dataset);
        datasets.flush();

        assertThat(datasets.findById(dataset.getId())).isEmpty();
        assertThat(jdbc.queryForObject("select dataset_id is null and model_id = ? from job where id = ?", Boolean.class,
                modelId, jobId)).isTrue();
    }

    @Test
    void find_for_update_returns_the_dataset_and_nothing_for_an_unknown_id() {
        Dataset saved = datasets.saveAndFlush(dataset("digits", T0));
        em.clear();

        assertThat(datasets.findForUpdate(saved.getId(), Tenant.DEFAULT_ID)).map(Dataset::getName).contains("digits");
        assertThat(datasets.findForUpdate(UUID.randomUUID(), Tenant.DEFAULT_ID)).isEmpty();
    }

    @Test
    @Transactional(propagation = Propagation.NOT_SUPPORTED)
    void find_for_update_holds_a_row_lock_until_its_transaction_ends() {
        TransactionTemplate tx = new TransactionTemplate(transactionManager);
        UUID id = UUID.randomUUID();
        tx.executeWithoutResult(s -> em.persist(dataset(id, "locked", T0)));
        try {
            tx.executeWithoutResult(s -> {
                assertThat(datasets.findForUpdate(id, Tenant.DEFAULT_ID)).isPresent();
                assertThat(OtherConnection.run(dataSource, "select id from dataset where id = ? for update nowait", id)).isEqualTo("55P03");
                assertThat(OtherConnection.run(dataSource, "select name from dataset where id = ?", id))
                        .as("a plain read is not blocked").isNull();
            });
            assertThat(OtherConnection.run(dataSource, "select id from dataset where id = ? for update nowait", id)).isNull();
        } finally {
            jdbc.update("delete from dataset where id = ?", id);
        }
    }

}
