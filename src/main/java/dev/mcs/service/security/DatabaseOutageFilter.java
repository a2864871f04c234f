package dev.mcs.service.security;

import dev.mcs.service.web.DatabaseOutage;
import dev.mcs.service.web.ProblemType;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * The filters behind this one read the database before Spring MVC runs (the key lookup, the tenant's rate limit),
 * so an outage there never reaches the exception handler and would end as the container's bare 500 page. Here it
 * becomes the same {@code 503 database-unavailable} problem, with {@code Retry-After}, that the handler answers.
 */
final class DatabaseOutageFilter extends OncePerRequestFilter {

    private static final Logger log = LoggerFactory.getLogger(DatabaseOutageFilter.class);

    private final ProblemResponses problems;

    DatabaseOutageFilter(ProblemResponses problems) {
        this.problems = problems;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        try {
            chain.doFilter(request, response);
        } catch (RuntimeException | ServletException e) {
            if (response.isCommitted() || !DatabaseOutage.causedBy(e)) {
                throw e;
            }
            log.warn("database unavailable: {}", e.getMessage());
            response.setHeader(HttpHeaders.RETRY_AFTER, DatabaseOutage.RETRY_AFTER_SECONDS);
            problems.write(response, ProblemType.DATABASE_UNAVAILABLE, DatabaseOutage.DETAIL, Map.of());
        }
    }
}
