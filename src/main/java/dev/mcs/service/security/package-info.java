/**
 * Who may call: API keys (stored as SHA-256 hashes) sent as {@code Authorization: Bearer}, the filter chain that
 * turns them into a {@code TenantPrincipal}, the per-tenant rate limit, the first admin key of a fresh database,
 * the local mode without keys, and the admin endpoints for keys.
 */
package dev.mcs.service.security;
