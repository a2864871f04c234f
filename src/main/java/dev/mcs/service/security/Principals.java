package dev.mcs.service.security;

import dev.mcs.service.tenant.Role;
import dev.mcs.service.tenant.TenantPrincipal;
import java.util.List;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextHolder;

/** Puts a tenant principal into the request's security context. */
final class Principals {

    private Principals() {}

    static void authenticate(TenantPrincipal principal) {
        List<SimpleGrantedAuthority> authorities = principal.role() == Role.ADMIN
                ? List.of(new SimpleGrantedAuthority("ROLE_ADMIN"), new SimpleGrantedAuthority("ROLE_MEMBER"))
                : List.of(new SimpleGrantedAuthority("ROLE_MEMBER"));
        SecurityContext context = SecurityContextHolder.createEmptyContext();
        context.setAuthentication(UsernamePasswordAuthenticationToken.authenticated(principal, null, authorities));
        SecurityContextHolder.setContext(context);
    }
}
