package dev.mcs.service.security;

import dev.mcs.service.tenant.TenantLimits;
import dev.mcs.service.tenant.TenantPrincipal;
import dev.mcs.service.tenant.TenantService;
import dev.mcs.service.web.ProblemType;
import io.github.bucket4j.ConsumptionProbe;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.filter.OncePerRequestFilter;

/** Answers 429 with {@code Retry-After} when the calling tenant's bucket is empty. */
final class RateLimitFilter extends OncePerRequestFilter {

    private final RateBuckets buckets;
    private final TenantService tenants;
    private final ProblemResponses problems;

    RateLimitFilter(RateBuckets buckets, TenantService tenants, ProblemResponses problems) {
        this.buckets = buckets;
        this.tenants = tenants;
        this.problems = problems;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
        if (authentication == null || !(authentication.getPrincipal() instanceof TenantPrincipal principal)) {
            chain.doFilter(request, response);
            return;
        }
        ConsumptionProbe probe = buckets.tryConsume(principal.tenantId());
        if (probe.isConsumed()) {
            chain.doFilter(request, response);
            return;
        }
        refuse(response, principal.tenantId(), probe.getNanosToWaitForRefill());
    }

    /**
     * Refuses, before its key is looked up in the database, a request whose key belongs to a tenant (known from an
     * earlier request) whose bucket is empty: a tenant over its limit then costs the others less. Takes no token.
     *
     * @return whether the request was answered
     */
    boolean refusedBeforeLookup(UUID tenantId, HttpServletResponse response) throws IOException {
        long wait = buckets.nanosUntilAToken(tenantId);
        if (wait == 0) {
            return false;
        }
        refuse(response, tenantId, wait);
        return true;
    }

    private void refuse(HttpServletResponse response, UUID tenantId, long nanosToWait) throws IOException {
        long retryAfter = Math.max(1, TimeUnit.NANOSECONDS.toSeconds(nanosToWait + 999_999_999L));
        response.setHeader("Retry-After", Long.toString(retryAfter));
        TenantLimits limits = tenants.limits(tenantId);
        problems.write(response, ProblemType.RATE_LIMITED, "the tenant's limit of " + limits.requestsPerSecond()
                + " requests per second is used up; retry after " + retryAfter + " s",
                Map.of("requestsPerSecond", limits.requestsPerSecond(), "retryAfterSeconds", retryAfter));
    }
}
