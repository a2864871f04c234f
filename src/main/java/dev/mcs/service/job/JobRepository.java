package dev.mcs.service.job;

import jakarta.persistence.LockModeType;
import java.util.Collection;
import java.util.Optional;
import java.util.UUID;
import org.springframework.data.domain.Page;
import org.springframework.data.domain.Pageable;
import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Lock;
import org.springframework.data.jpa.repository.Query;
import org.springframework.data.repository.query.Param;

interface JobRepository extends JpaRepository<Job, UUID> {

    @Lock(LockModeType.PESSIMISTIC_WRITE)
    @Query("select j from Job j where j.id = :id")
    Optional<Job> findForUpdate(UUID id);

    @Lock(LockModeType.PESSIMISTIC_WRITE)
    @Query("select j from Job j where j.id = :id and j.tenantId = :tenantId")
    Optional<Job> findForUpdate(UUID id, UUID tenantId);

    Optional<Job> findByIdAndTenantId(UUID id, UUID tenantId);

    Optional<Job> findByIdempotencyKeyAndTenantId(String key, UUID tenantId);

    long countByTenantIdAndStatus(UUID tenantId, JobStatus status);

    boolean existsByIdAndStatusIn(UUID id, Collection<JobStatus> statuses);

    boolean existsByModelIdAndStatusIn(UUID modelId, Collection<JobStatus> statuses);

    /**
     * Whether a job in one of the statuses has parameters that name the model (an uploaded DISTILL student, say);
     * a UUID in the params document can only be a reference to that model.
     */
    @Query(value = "select exists (select 1 from job where status in (:statuses)"
            + " and jsonb_path_exists(params, '$.** ? (@ == $id)', jsonb_build_object('id', cast(:modelId as text))))",
            nativeQuery = true)
    boolean existsByParamsNamingModelAndStatusIn(@Param("modelId") UUID modelId,
            @Param("statuses") Collection<String> statuses);

    boolean existsByDatasetIdAndStatusIn(UUID datasetId, Collection<JobStatus> statuses);

    boolean existsByEvaluationDatasetIdAndStatusIn(UUID datasetId, Collection<JobStatus> statuses);

    @Query("""
            select j from Job j
            where j.tenantId = :tenantId
              and (:modelId is null or j.modelId = :modelId) and (:status is null or j.status = :status)
            order by j.createdAt desc, j.id desc""")
    Page<Job> search(UUID tenantId, UUID modelId, JobStatus status, Pageable pageable);
}
