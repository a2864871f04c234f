/**
 * Tenants: who owns each model, dataset and job, the tenant of the current request, and each tenant's quotas
 * and rate limit (configured defaults, overridden per tenant on its row). Admin endpoints create and list tenants.
 */
package dev.mcs.service.tenant;
