package dev.mcs.service.security;

import dev.mcs.service.tenant.Role;
import dev.mcs.service.tenant.Tenant;
import dev.mcs.service.tenant.TenantPrincipal;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.web.filter.OncePerRequestFilter;

/** The local mode without keys: every request acts as the default tenant's admin. */
final class LocalModeFilter extends OncePerRequestFilter {

    private static final TenantPrincipal LOCAL = new TenantPrincipal(Tenant.DEFAULT_ID, null, "local", Role.ADMIN);

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        Principals.authenticate(LOCAL);
        chain.doFilter(request, response);
    }
}
