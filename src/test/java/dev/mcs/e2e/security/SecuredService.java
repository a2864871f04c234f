package dev.mcs.e2e.security;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mcs.support.Api;
import dev.mcs.support.PostgresTestConfiguration;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.http.ResponseEntity;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;

/**
 * The service with API keys required, as in production: its own schema (the shared context's with suffix
 * {@code _auth}) and storage root, a fresh database, so it creates and writes the first admin key. Every security
 * test class extends this, so they share this one context.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
    "mcs.auth.mode=enabled",
    "mcs.auth.last-used-flush-interval=200ms",
    "mcs.storage.root=" + SecuredService.STORAGE_ROOT,
    "mcs.quota.requests-per-second=10000",
    "mcs.quota.concurrent-jobs=2"
})
@ActiveProfiles("test")
@Import(PostgresTestConfiguration.class)
abstract class SecuredService {

    static final String STORAGE_ROOT = "target/test-storage-auth";
    static final Path ADMIN_KEY_FILE = Path.of(STORAGE_ROOT, "admin-api-key");

    @LocalServerPort
    int port;

    @DynamicPropertySource
    static void ownSchema(DynamicPropertyRegistry registry) {
        String schema = System.getProperty("spring.flyway.default-schema", "mcs_test") + "_auth";
        registry.add("spring.flyway.schemas", () -> schema);
        registry.add("spring.flyway.default-schema", () -> schema);
        registry.add("spring.datasource.hikari.schema", () -> schema);
        registry.add("spring.jpa.properties.hibernate.default_schema", () -> schema);
    }

    Api admin() throws IOException {
        return new Api(port, Files.readString(ADMIN_KEY_FILE));
    }

    Api anonymous() {
        return new Api(port);
    }

    /** A new tenant (unique name) with the given limit overrides; returns its id. */
    String tenant(String name, Map<String, Object> limits) throws IOException {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("name", name + "-" + UUID.randomUUID());
        body.put("limits", limits);
        ResponseEntity<JsonNode> created = admin().post("/api/v1/admin/tenants", body);
        assertThat(created.getStatusCode().value()).as("%s", created.getBody()).isEqualTo(201);
        return created.getBody().path("id").asString();
    }

    /** A new key of the tenant; returns the key itself, shown only in this answer. */
    String key(String tenantId, String role) throws IOException {
        ResponseEntity<JsonNode> created = admin().post("/api/v1/admin/keys",
                Map.of("tenantId", tenantId, "name", role.toLowerCase() + "-key", "role", role));
        assertThat(created.getStatusCode().value()).as("%s", created.getBody()).isEqualTo(201);
        return created.getBody().path("key").asString();
    }

    /** A client acting as a new member of a new tenant. */
    Api member(String tenantId) throws IOException {
        return new Api(port, key(tenantId, "MEMBER"));
    }

    static void assertProblem(ResponseEntity<JsonNode> response, int status, String type) {
        assertThat(response.getStatusCode().value()).as("%s", response.getBody()).isEqualTo(status);
        assertThat(response.getHeaders().getContentType()).hasToString("application/problem+json");
        assertThat(response.getBody().path("type").asString()).endsWith("/problems/" + type);
    }
}
