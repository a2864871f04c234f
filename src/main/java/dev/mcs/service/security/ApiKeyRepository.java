package dev.mcs.service.security;

import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import org.springframework.data.domain.Page;
import org.springframework.data.domain.Pageable;
import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Modifying;
import org.springframework.data.jpa.repository.Query;

interface ApiKeyRepository extends JpaRepository<ApiKey, UUID> {

    Optional<ApiKey> findByKeyHash(String keyHash);

    Page<ApiKey> findAllByOrderByCreatedAtAscIdAsc(Pageable pageable);

    Page<ApiKey> findByTenantIdOrderByCreatedAtAscIdAsc(UUID tenantId, Pageable pageable);

    /** Never moves a last-use time backwards (two instances may flush out of order). */
    @Modifying
    @Query("update ApiKey k set k.lastUsedAt = :at where k.id = :id and (k.lastUsedAt is null or k.lastUsedAt < :at)")
    int touch(UUID id, Instant at);
}
