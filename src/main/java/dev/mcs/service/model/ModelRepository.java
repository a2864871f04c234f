package dev.mcs.service.model;

import jakarta.persistence.LockModeType;
import java.util.Optional;
import java.util.UUID;
import org.springframework.data.domain.Page;
import org.springframework.data.domain.Pageable;
import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Lock;
import org.springframework.data.jpa.repository.Query;

interface ModelRepository extends JpaRepository<StoredModel, UUID> {

    Page<StoredModel> findByTenantIdOrderByCreatedAtDescIdDesc(UUID tenantId, Pageable pageable);

    Page<StoredModel> findByTenantIdAndParentModelIdOrderByCreatedAtDescIdDesc(UUID tenantId, UUID parentModelId,
            Pageable pageable);

    Optional<StoredModel> findByIdAndTenantId(UUID id, UUID tenantId);

    @Lock(LockModeType.PESSIMISTIC_WRITE)
    @Query("select m from StoredModel m where m.id = :id")
    Optional<StoredModel> findForUpdate(UUID id);

    @Lock(LockModeType.PESSIMISTIC_WRITE)
    @Query("select m from StoredModel m where m.id = :id and m.tenantId = :tenantId")
    Optional<StoredModel> findForUpdate(UUID id, UUID tenantId);

    @Lock(LockModeType.PESSIMISTIC_READ)
    @Query("select m from StoredModel m where m.id = :id and m.tenantId = :tenantId")
    Optional<StoredModel> findForShare(UUID id, UUID tenantId);
}
