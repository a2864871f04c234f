package dev.mcs.e2e.security;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mcs.support.Api;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpHeaders;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.web.client.RestClient;
import tools.jackson.databind.JsonNode;

/** Keys over real HTTP: who gets in, who is turned away, and how keys are kept. */
class AuthenticationEndToEndTest extends SecuredService {

    @Autowired
    DataSource dataSource;

    @Test
    void the_first_admin_key_is_written_alone_to_an_owner_only_file_and_works_as_admin() throws Exception {
        String key = Files.readString(ADMIN_KEY_FILE);

        assertThat(key).matches("mcs_[A-Za-z0-9_-]{43}");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(ADMIN_KEY_FILE))).isEqualTo("rw-------");
        assertThat(admin().get("/api/v1/admin/tenants").getStatusCode().value()).isEqualTo(200);
    }

    @Test
    void requests_without_a_key_or_with_an_unknown_or_malformed_one_are_401_problems() {
        ResponseEntity<JsonNode> none = anonymous().get("/api/v1/models");
        assertProblem(none, 401, "unauthorized");
        assertThat(none.getHeaders().getFirst(HttpHeaders.WWW_AUTHENTICATE)).isEqualTo("Bearer");
        assertProblem(new Api(port, "mcs_" + "x".repeat(43)).get("/api/v1/models"), 401, "unauthorized");
        assertProblem(getWithAuthorization("/api/v1/jobs", "Basic YWRtaW46YWRtaW4="), 401, "unauthorized");
        assertProblem(anonymous().post("/api/v1/admin/tenants", Map.of("name", "sneaky")), 401, "unauthorized");
    }

    @Test
    void a_revoked_key_is_401_from_the_next_request_on() throws Exception {
        String tenant = tenant("revoked", Map.of());
        ResponseEntity<JsonNode> created = admin().post("/api/v1/admin/keys",
                Map.of("tenantId", tenant, "name", "to-revoke", "role", "MEMBER"));
        Api member = new Api(port, created.getBody().path("key").asString());
        assertThat(member.get("/api/v1/models").getStatusCode().value()).isEqualTo(200);

        ResponseEntity<JsonNode> revoked = admin().post(
                "/api/v1/admin/keys/" + created.getBody().path("id").asString() + "/revoke", null);

        assertThat(revoked.getBody().path("revokedAt").isNull()).isFalse();
        assertProblem(member.get("/api/v1/models"), 401, "unauthorized");
    }

    @Test
    void a_key_past_its_expiry_is_401_and_a_key_cannot_be_created_already_expired() throws Exception {
        String tenant = tenant("expiring", Map.of());
        String expiresAt = java.time.Instant.now().plus(Duration.ofDays(30)).toString();
        ResponseEntity<JsonNode> created = admin().post("/api/v1/admin/keys",
                Map.of("tenantId", tenant, "name", "expiring", "role", "MEMBER", "expiresAt", expiresAt));
        Api member = new Api(port, created.getBody().path("key").asString());
        assertThat(created.getBody().path("expiresAt").asString()).isEqualTo(expiresAt);
        assertThat(member.get("/api/v1/models").getStatusCode().value()).isEqualTo(200);

        new JdbcTemplate(dataSource).update("update api_key set expires_at = now() - interval '1 second'"
                + " where id = ?::uuid", created.getBody().path("id").asString());

        assertProblem(member.get("/api/v1/models"), 401, "unauthorized");
        ResponseEntity<JsonNode> past = admin().post("/api/v1/admin/keys", Map.of("tenantId", tenant,
                "name", "born-dead", "role", "MEMBER", "expiresAt", "2020-01-01T00:00:00Z"));
        assertProblem(past, 400, "invalid-request");
        assertThat(past.getBody().path("field").asString()).isEqualTo("expiresAt");
    }

    @Test
    void a_member_key_calling_admin_endpoints_is_a_403_problem() throws Exception {
        Api member = member(tenant("member", Map.of()));

        assertProblem(member.get("/api/v1/admin/tenants"), 403, "forbidden");
        assertProblem(member.post("/api/v1/admin/tenants", Map.of("name", "mine")), 403, "forbidden");
        assertProblem(member.get("/api/v1/admin/keys"), 403, "forbidden");
    }

    @Test
    void health_and_the_api_description_are_open_while_prometheus_needs_a_key() throws Exception {
        assertThat(anonymous().get("/actuator/health").getStatusCode().value()).isEqualTo(200);
        assertThat(anonymous().get("/v3/api-docs").getStatusCode().value()).isEqualTo(200);
        assertProblem(anonymous().get("/actuator/prometheus"), 401, "unauthorized");

        ResponseEntity<byte[]> metrics = admin().download("/actuator/prometheus", Map.of());
        assertThat(metrics.getStatusCode().value()).isEqualTo(200);
        assertThat(new String(metrics.getBody(), StandardCharsets.UTF_8)).contains("jvm_memory_used_bytes");
    }

    @Test
    void the_api_description_declares_the_bearer_key_for_every_operation() {
        JsonNode docs = anonymous().get("/v3/api-docs").getBody();

        JsonNode scheme = docs.path("components").path("securitySchemes").path("apiKey");
        assertThat(scheme.path("type").asString()).isEqualTo("http");
        assertThat(scheme.path("scheme").asString()).isEqualTo("bearer");
        assertThat(docs.path("security").toString()).contains("apiKey");
    }

    @Test
    void only_a_hash_of_a_key_is_stored_and_listings_never_show_the_key() throws Exception {
        String tenant = tenant("hashes", Map.of());
        String key = key(tenant, "MEMBER");

        List<String> stored = new JdbcTemplate(dataSource).queryForList(
                "select key_hash from api_key where tenant_id = ?::uuid", String.class, tenant);
        assertThat(stored).containsExactly(sha256(key));
        JsonNode listed = admin().get("/api/v1/admin/keys?tenantId=" + tenant).getBody();
        assertThat(listed.path("totalItems").asInt()).isEqualTo(1);
        assertThat(listed.path("items").get(0).path("key").isNull()).isTrue();
        assertThat(listed.toString()).doesNotContain(key);
    }

    @Test
    void a_keys_last_use_is_recorded_in_a_later_batch_not_on_the_request() throws Exception {
        String tenant = tenant("last-use", Map.of());
        Api member = new Api(port, key(tenant, "MEMBER"));

        member.get("/api/v1/models");

        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        JsonNode listed = null;
        while (System.nanoTime() < deadline) {
            listed = admin().get("/api/v1/admin/keys?tenantId=" + tenant).getBody().path("items").get(0);
            if (!listed.path("lastUsedAt").isNull()) {
                break;
            }
            Api.sleep(100);
        }
        assertThat(listed.path("lastUsedAt").isNull()).as("%s", listed).isFalse();
    }

    private ResponseEntity<JsonNode> getWithAuthorization(String path, String authorization) {
        return RestClient.builder().baseUrl("http://localhost:" + port)
                .defaultStatusHandler(status -> true, (request, response) -> { }).build()
                .get().uri(path).header(HttpHeaders.AUTHORIZATION, authorization).retrieve().toEntity(JsonNode.class);
    }

    private static String sha256(String key) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8)));
    }
}
