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

    ApiKeyFilter(ApiKeys keys, ProblemResponses problems) {
        this.keys = keys;
        this.problems = problems;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String header = request.getHeader(HttpHeaders.AUTHORIZATION);
        if (header == null) {
            chain.doFilter(request, response);
            return;
        }
        Optional<TenantPrincipal> principal = header.regionMatches(true, 0, BEARER, 0, BEARER.length())
                ? keys.authenticate(header.substring(BEARER.length()).strip()) : Optional.empty();
        if (principal.isEmpty()) {
            problems.write(response, ProblemType.UNAUTHORIZED,
                    "the API key is unknown, revoked or expired, or the Authorization header is not 'Bearer <key>'", Map.of());
            return;
        }
        Principals.authenticate(principal.get());
        chain.doFilter(request, response);
    }
}
