package dev.mcs.service.tenant;

import java.util.UUID;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.stereotype.Component;

/**
 * The tenant of the request being served. Outside a request (a runner thread) there is none, and asking is a
 * programming error that fails loudly rather than silently picking a tenant.
 */
@Component
public class CurrentTenant {

    public UUID id() {
        return principal().tenantId();
    }

    public TenantPrincipal principal() {
        Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
        if (authentication != null && authentication.getPrincipal() instanceof TenantPrincipal principal) {
            return principal;
        }
        throw new IllegalStateException("no tenant: not inside an authenticated request");
    }
}
