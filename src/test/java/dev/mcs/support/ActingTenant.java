package dev.mcs.support;

import dev.mcs.service.tenant.Role;
import dev.mcs.service.tenant.Tenant;
import dev.mcs.service.tenant.TenantPrincipal;
import java.util.List;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.core.context.SecurityContextHolder;

/**
 * For tests that call tenant-scoped services directly, as a request would: the calling thread acts as the
 * default tenant's member until {@link #clear()}.
 */
public final class ActingTenant {

    private ActingTenant() {}

    public static void defaultTenant() {
        TenantPrincipal principal = new TenantPrincipal(Tenant.DEFAULT_ID, null, "test", Role.MEMBER);
        SecurityContextHolder.getContext().setAuthentication(UsernamePasswordAuthenticationToken.authenticated(
                principal, null, List.of(new SimpleGrantedAuthority("ROLE_MEMBER"))));
    }

    public static void clear() {
        SecurityContextHolder.clearContext();
    }
}
