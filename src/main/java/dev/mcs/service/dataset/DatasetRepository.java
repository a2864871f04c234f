package dev.mcs.service.dataset;

import jakarta.persistence.LockModeType;
import java.util.Optional;
import java.util.UUID;
import org.springframework.data.domain.Page;
import org.springframework.data.domain.Pageable;
import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Lock;
import org.springframework.data.jpa.repository.Query;

interface DatasetRepository extends JpaRepository<Dataset, UUID> {

    Page<Dataset> findByTenantIdOrderByCreatedAtDescIdDesc(UUID tenantId, Pageable pageable);

    Optional<Dataset> findByIdAndTenantId(UUID id, UUID tenantId);

    @Lock(LockModeType.PESSIMISTIC_WRITE)
    @Query("select d from Dataset d where d.id = :id and d.tenantId = :tenantId")
    Optional<Dataset> findForUpdate(UUID id, UUID tenantId);
}
