package dev.mcs.service.model;

import dev.mcs.service.tenant.Tenant;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mcs.shared.format.ModelFormat;
import dev.mcs.support.JpaTest;
import dev.mcs.support.OtherConnection;
import java.time.Instant;
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
import tools.jackson.databind.json.JsonMapper;

@JpaTest
class ModelRepositoryTest {

    private static final Instant T0 = Instant.parse("2025-03-01T10:00:00Z");
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final String LOCK_NOT_AVAILABLE = "55P03";

    @Autowired
    ModelRepository models;

    @Autowired
    TestEntityManager em;

    @Autowired
    JdbcTemplate jdbc;

    @Autowired
    DataSource dataSource;

    @Autowired
    PlatformTransactionManager transactionManager;

    @Test
    void derived_models_are_the_tenants_models_made_from_the_parent_newest_first() {
        // (no producing job rows here: produced_by_job_id references job)
        UUID otherTenant = UUID.randomUUID();
        jdbc.update("insert into tenant (id, name, created_at) values (?, ?, now())", otherTenant, "other-" + otherTenant);
        StoredModel parent = models.save(ModelFixtures.uploaded("parent.onnx", T0));
        StoredModel older = models.save(ModelFixtures.producedBy(ModelFixtures.uploaded("older.onnx", T0.plusSeconds(1)),
                parent.getId(), null));
        StoredModel newer = models.save(ModelFixtures.producedBy(ModelFixtures.uploaded("newer.onnx", T0.plusSeconds(2)),
                parent.getId(), null));
        models.save(ModelFixtures.uploaded("unrelated.onnx", T0.plusSeconds(3)));
        StoredModel foreign = new StoredModel(UUID.randomUUID(), otherTenant, "foreign.onnx", ModelFormat.ONNX, 1, "ab".repeat(32),
                "models/" + UUID.randomUUID(), T0.plusSeconds(4));
        foreign.producedBy(parent.getId(), null);
        models.saveAndFlush(foreign);

        Page<StoredModel> derived = models.findByTenantIdAndParentModelIdOrderByCreatedAtDescIdDesc(Tenant.DEFAULT_ID,
                parent.getId(), PageRequest.of(0, 10));

        assertThat(derived.getContent()).extracting(StoredModel::getName).containsExactly("newer.onnx", "older.onnx");
        assertThat(derived.getTotalElements()).isEqualTo(2);
        assertThat(models.findByTenantIdAndParentModelIdOrderByCreatedAtDescIdDesc(otherTenant, parent.getId(),
                PageRequest.of(0, 10)).getContent()).extracting(StoredModel::getId).containsExactly(foreign.getId());
        assertThat(older.getId()).isNotEqualTo(newer.getId());
    }

    @Test
    void a_saved_model_reads_back_with_every_column() {
        StoredModel model = new StoredModel(UUID.randomUUID(), Tenant.DEFAULT_ID, "resnet.onnx", ModelFormat.TORCHSCRIPT, 987_654_321_012L,
                "0f".repeat(32), "models/" + UUID.randomUUID(), T0);
        models.saveAndFlush(model);
        em.clear();

        StoredModel loaded = models.findById(model.getId()).orElseThrow();

        assertThat(loaded).isNotSameAs(model);
        assertThat(loaded.getName()).isEqualTo("resnet.onnx");
        assertThat(loaded.getFormat()).isEqualTo(ModelFormat.TORCHSCRIPT);
        assertThat(loaded.getSizeBytes()).isEqualTo(987_654_321_012L);
        assertThat(loaded.getSha256()).isEqualTo("0f".repeat(32));
        assertThat(loaded.getBlobKey()).isEqualTo(model.getBlobKey());
        assertThat(loaded.getStatus()).isEqualTo(ModelStatus.INSPECTING);
        assertThat(loaded.getInspection()).isNull();
        assertThat(loaded.getStatusReason()).isNull();
        assertThat(loaded.getParentModelId()).isNull();
        assertThat(loaded.getCreatedAt()).isEqualTo(T0);
        assertThat(loaded.getUpdatedAt()).isEqualTo(T0);
    }

    @Test
    void pages_list_models_newest_first_with_ties_broken_by_id_descending() {
        UUID low = UUID.fromString("00000000-0000-4000-8000-000000000000");
        UUID high = UUID.fromString("f0000000-0000-4000-8000-000000000000");
        StoredModel oldest = models.save(ModelFixtures.uploaded("oldest", T0));
        StoredModel tieLow = models.save(ModelFixtures.uploaded(low, "tie-low", T0.plusSeconds(60)));
        StoredModel tieHigh = models.save(ModelFixtures.uploaded(high, "tie-high", T0.plusSeconds(60)));
        StoredModel newest = models.save(ModelFixtures.uploaded("newest", T0.plusSeconds(120)));
        models.flush();
        em.clear();

        Page<StoredModel> first = models.findByTenantIdOrderByCreatedAtDescIdDesc(Tenant.DEFAULT_ID, PageRequest.of(0, 3));
        Page<StoredModel> second = models.findByTenantIdOrderByCreatedAtDescIdDesc(Tenant.DEFAULT_ID, PageRequest.of(1, 3));

        assertThat(first.getTotalElements()).isEqualTo(4);
        assertThat(first.getTotalPages()).isEqualTo(2);
        assertThat(first.getContent()).extracting(StoredModel::getId)
                .containsExactly(newest.getId(), tieHigh.getId(), tieLow.getId());
        assertThat(second.getContent()).extracting(StoredModel::getId).containsExactly(oldest.getId());
        assertThat(second.hasNext()).isFalse();
    }

    @Test
    void an_inspection_document_round_trips_through_jsonb() {
        StoredModel model = models.saveAndFlush(ModelFixtures.uploaded("mlp.onnx", T0));
        String inspection = """
                {"format": "ONNX", "parameterCount": 6570, "onnx": {"inputs": [{"name": "input", "elementType": "float",
                 "shape": ["batch", "64"]}], "opsetImports": {"": 17}, "externalData": false},
                 "smokeTest": {"succeeded": true, "latencyMs": 0.25, "detail": "input float[1, 64] – ok"}}""";
        models.findById(model.getId()).orElseThrow().inspected(ModelStatus.READY, inspection, null, T0.plusSeconds(3));
        models.flush();
        em.clear();

        StoredModel loaded = models.findById(model.getId()).orElseThrow();

        assertThat(loaded.getStatus()).isEqualTo(ModelStatus.READY);
        assertThat(loaded.getUpdatedAt()).isEqualTo(T0.plusSeconds(3));
        assertThat(JSON.readTree(loaded.getInspection())).isEqualTo(JSON.readTree(inspection));
        assertThat(jdbc.queryForObject("select inspection #>> '{onnx,inputs,0,shape,1}' from model where id = ?",
                String.class, model.getId())).isEqualTo("64");
        assertThat(jdbc.queryForObject("select (inspection -> 'smokeTest' ->> 'succeeded')::boolean from model where id = ?",
                Boolean.class, model.getId())).isTrue();
    }

    @Test
    void an_invalid_model_keeps_its_reason_and_no_inspection() {
        StoredModel model = models.saveAndFlush(ModelFixtures.uploaded("garbage.onnx", T0));
        model.inspected(ModelStatus.INVALID, null, "not an ONNX protobuf", T0.plusSeconds(1));
        models.flush();
        em.clear();

        StoredModel loaded = models.findById(model.getId()).orElseThrow();

        assertThat(loaded.getStatus()).isEqualTo(ModelStatus.INVALID);
        assertThat(loaded.getStatusReason()).isEqualTo("not an ONNX protobuf");
        assertThat(jdbc.queryForObject("select inspection is null from model where id = ?", Boolean.class, model.getId()))
                .isTrue();
    }

    @Test
    void a_produced_model_references_its_parent_and_loses_it_when_the_parent_is_deleted() {
        StoredModel parent = models.saveAndFlush(ModelFixtures.uploaded("parent", T0));
        StoredModel child = ModelFixtures.uploaded("child", T0.plusSeconds(1));
        child.producedBy(parent.getId(), null);
        models.saveAndFlush(child);
        em.clear();

        assertThat(models.findById(child.getId()).orElseThrow().getParentModelId()).isEqualTo(parent.getId());
        jdbc.update("delete from model where id = ?", parent.getId());
        em.clear();

        assertThat(models.findById(child.getId()).orElseThrow().getParentModelId()).isNull();
    }

    @Test
    void two_models_cannot_share_a_blob_key() {
        StoredModel first = models.saveAndFlush(ModelFixtures.uploaded("first", T0));
        StoredModel second = new StoredModel(UUID.randomUUID(), Tenant.DEFAULT_ID, "second", ModelFormat.ONNX, 1, "00".repeat(32),
                first.getBlobKey(), T0);

        assertThatThrownBy(() -> models.saveAndFlush(second)).isInstanceOf(DataIntegrityViolationException.class)
                .hasMessageContaining("blob_key");
    }

    @Test
    void the_format_check_constraint_rejects_an_unknown_format() {
        StoredModel model = models.saveAndFlush(ModelFixtures.uploaded("mlp", T0));

        assertThatThrownBy(() -> jdbc.update("update model set format = 'TFLITE' where id = ?", model.getId()))
                .isInstanceOf(DataIntegrityViolationException.class).hasMessageContaining("model_format_check");
    }

    @Test
    void the_status_check_constraint_rejects_an_unknown_status() {
        StoredModel model = models.saveAndFlush(ModelFixtures.uploaded("mlp", T0));

        assertThatThrownBy(() -> jdbc.update("update model set status = 'DELETED' where id = ?", model.getId()))
                .isInstanceOf(DataIntegrityViolationException.class).hasMessageContaining("model_status_check");
    }

    @Test
    void the_locking_finders_return_the_model_and_nothing_for_an_unknown_id() {
        StoredModel model = models.saveAndFlush(ModelFixtures.uploaded("mlp", T0));
        em.clear();

        assertThat(models.findForUpdate(model.getId())).map(StoredModel::getName).contains("mlp");
        assertThat(models.findForShare(model.getId(), Tenant.DEFAULT_ID)).map(StoredModel::getName).contains("mlp");
        assertThat(models.findForUpdate(UUID.randomUUID())).isEmpty();
        assertThat(models.findForShare(UUID.randomUUID(), Tenant.DEFAULT_ID)).isEmpty();
    }

    @Test
    @Transactional(propagation = Propagation.NOT_SUPPORTED)
    void find_for_update_blocks_other_lockers_and_find_for_share_blocks_only_writers() {
        TransactionTemplate tx = new TransactionTemplate(transactionManager);
        UUID id = UUID.randomUUID();
        tx.executeWithoutResult(s -> em.persist(ModelFixtures.uploaded(id, "locked", T0)));
        try {
            tx.executeWithoutResult(s -> {
                assertThat(models.findForUpdate(id)).isPresent();
                assertThat(OtherConnection.run(dataSource, "select id from model where id = ? for share nowait", id))
                        .isEqualTo(LOCK_NOT_AVAILABLE);
                assertThat(OtherConnection.run(dataSource, "select id from model where id = ? for update nowait", id))
                        .isEqualTo(LOCK_NOT_AVAILABLE);
            });
            tx.executeWithoutResult(s -> {
                assertThat(models.findForShare(id, Tenant.DEFAULT_ID)).isPresent();
                assertThat(OtherConnection.run(dataSource, "select id from model where id = ? for share nowait", id)).isNull();
                assertThat(OtherConnection.run(dataSource, "select id from model where id = ? for update nowait", id))
                        .isEqualTo(LOCK_NOT_AVAILABLE);
            });
            assertThat(OtherConnection.run(dataSource, "select id from model where id = ? for update nowait", id)).isNull();
        } finally {
            jdbc.update("delete from model where id = ?", id);
        }
    }

}
