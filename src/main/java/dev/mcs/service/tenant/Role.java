package dev.mcs.service.tenant;

/** What an API key may do. */
public enum Role {
    /** Manages tenants and keys, and uses the API as its own tenant. */
    ADMIN,
    /** Uses the API (models, datasets, jobs) as its tenant. */
    MEMBER
}
