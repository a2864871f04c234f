package dev.mcs.service.tenant;

import java.util.UUID;

/**
 * Who is calling: the tenant whose data the request sees, and the key that proved it.
 *
 * @param tenantId the tenant every lookup of the request is scoped to
 * @param keyId the API key's id, or null in the local mode without keys
 * @param keyName the key's name, for logs
 * @param role what the key may do
 */
public record TenantPrincipal(UUID tenantId, UUID keyId, String keyName, Role role) {}
