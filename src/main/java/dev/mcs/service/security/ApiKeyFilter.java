package dev.mcs.service.security;

import dev.mcs.service.tenant.TenantPrincipal;
import dev.mcs.service.web.ProblemType;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.springframework.http.HttpHeaders;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Turns {@code Authorization: Bearer <key>} into the request's principal. A presented but unknown, revoked or expired key
 * is answered 401 at once, even on open endpoints, so a client never mistakes a dead key for a working one; a
 * request without a key goes on as anonymous and the authorization rules decide.
 */
final class ApiKeyFilter extends OncePerRequestFilter {

    private static final String BEARER = "Bearer ";

    private final ApiKeys keys;
    private final ProblemResponses problems;
    private final RateLimitFilter rateLimit;

    ApiKeyFilter(ApiKeys keys, ProblemResponses problems, RateLimitFilter rateLimit) {
        this.keys = keys;
        this.problems = problems;
        this.rateLimit = rateLimit;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String header = request.getHeader(HttpHeaders.AUTHORIZATION);
        if (header == null) {
            chain.doFilter(request, response);
            return;
        }
        boolean bearer = header.regionMatches(true, 0, BEARER, 0, BEARER.length());
        String hash = bearer ? KeyMaterial.hash(header.substring(BEARER.length()).strip()) : null;
        Optional<UUID> knownTenant = bearer ? keys.knownTenant(hash) : Optional.empty();
        if (knownTenant.isPresent() && rateLimit.refusedBeforeLookup(knownTenant.get(), response)) {
            return;
        }
        Optional<TenantPrincipal> principal = bearer ? keys.authenticate(hash) : Optional.empty();
        if (principal.isEmpty()) {
            problems.write(response, ProblemType.UNAUTHORIZED,
                    "the API key is unknown, revoked or expired, or the Authorization header is not 'Bearer <key>'", Map.of());
            return;
        }
        Principals.authenticate(principal.get());
        chain.doFilter(request, response);
    }
}
