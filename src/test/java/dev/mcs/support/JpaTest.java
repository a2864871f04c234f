package dev.mcs.support;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.springframework.boot.data.jpa.test.autoconfigure.DataJpaTest;
import org.springframework.boot.jdbc.test.autoconfigure.AutoConfigureTestDatabase;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.TestPropertySource;

/**
 * The JPA slice against real PostgreSQL and the real Flyway migrations, in a schema of its own
 * ({@code mcs_jpa_test}, or {@code -Dmcs.test.jpa-schema=...} so that two test runs on one database
 * stay apart) so that cleaning it never disturbs the end-to-end tests and their scheduler in
 * {@code mcs_test}. Every class with this annotation shares one context. Each test
 * runs in a transaction that is rolled back, unless it opts out to test locking across connections.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@DataJpaTest(showSql = false)
@AutoConfigureTestDatabase(replace = AutoConfigureTestDatabase.Replace.NONE)
@ActiveProfiles("test")
@Import(PostgresTestConfiguration.class)
@TestPropertySource(properties = {
    "spring.flyway.schemas=${mcs.test.jpa-schema:mcs_jpa_test}",
    "spring.flyway.default-schema=${mcs.test.jpa-schema:mcs_jpa_test}",
    "spring.datasource.hikari.schema=${mcs.test.jpa-schema:mcs_jpa_test}",
    "spring.jpa.properties.hibernate.default_schema=${mcs.test.jpa-schema:mcs_jpa_test}"
})
public @interface JpaTest {}
