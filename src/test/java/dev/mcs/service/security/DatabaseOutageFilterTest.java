package dev.mcs.service.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import jakarta.servlet.FilterChain;
import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.transaction.CannotCreateTransactionException;
import tools.jackson.databind.json.JsonMapper;

/** A database outage met by a filter answers like one met by a controller. */
class DatabaseOutageFilterTest {

    private final DatabaseOutageFilter filter = new DatabaseOutageFilter(new ProblemResponses(JsonMapper.builder().build()));

    @Test
    void an_outage_inside_a_later_filter_is_a_503_database_unavailable_problem_with_retry_after() throws Exception {
        MockHttpServletResponse response = new MockHttpServletResponse();
        FilterChain lookupFails = (request, res) -> {
            throw new CannotCreateTransactionException("Could not open JPA EntityManager for transaction",
                    new java.sql.SQLTransientConnectionException("Connection is not available, request timed out"));
        };

        filter.doFilter(new MockHttpServletRequest("GET", "/api/v1/jobs"), response, lookupFails);

        assertThat(response.getStatus()).isEqualTo(503);
        assertThat(response.getContentType()).isEqualTo("application/problem+json");
        assertThat(response.getHeader("Retry-After")).isEqualTo("5");
        assertThat(response.getContentAsString()).contains("database-unavailable");
    }

    @Test
    void any_other_failure_is_left_to_the_container() {
        FilterChain bug = (request, res) -> {
            throw new IllegalStateException("a bug");
        };

        assertThatThrownBy(() -> filter.doFilter(new MockHttpServletRequest("GET", "/api/v1/jobs"),
                new MockHttpServletResponse(), bug)).isInstanceOf(IllegalStateException.class);
    }
}
