package dev.mcs.service.security;

import dev.mcs.service.web.PageResponse;
import dev.mcs.service.web.Paging;
import dev.mcs.service.web.Problems;
import io.swagger.v3.oas.annotations.headers.Header;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import org.springframework.http.HttpHeaders;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import java.net.URI;
import java.util.UUID;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping("/api/v1/admin/keys")
@Tag(name = "ApiKeys", description = "Create, list and revoke API keys (admin keys only)")
class ApiKeyController {

    private final ApiKeys keys;

    ApiKeyController(ApiKeys keys) {
        this.keys = keys;
    }

    @PostMapping
    @Operation(operationId = "createApiKey", summary = "Create a key for a tenant; the answer holds the key, shown this once")
    @ApiResponse(responseCode = "201", description = "Created",
            headers = @Header(name = HttpHeaders.LOCATION, description = "The new resource's URL",
                    schema = @Schema(type = "string", format = "uri-reference")))
    @Problems({400, 403, 404})
    ResponseEntity<KeyResponse> create(@Valid @RequestBody KeyRequest request) {
        ApiKeys.Created created = keys.create(request);
        return ResponseEntity.created(URI.create("/api/v1/admin/keys/" + created.record().getId()))
                .body(KeyResponse.of(created.record(), created.key()));
    }

    @GetMapping
    @Operation(operationId = "listApiKeys", summary = "List keys (never the keys themselves), optionally of one tenant, oldest first")
    @Problems({400, 403})
    PageResponse<KeyResponse> list(@RequestParam(required = false) UUID tenantId,
            @RequestParam(defaultValue = "0") int page, @RequestParam(defaultValue = "20") int size) {
        return PageResponse.of(keys.list(tenantId, Paging.of(page, size)), k -> KeyResponse.of(k, null));
    }

    @PostMapping("/{id}/revoke")
    @Operation(operationId = "revokeApiKey", summary = "Revoke a key: from the next request on it answers 401")
    @Problems({400, 403, 404})
    KeyResponse revoke(@PathVariable UUID id) {
        return KeyResponse.of(keys.revoke(id), null);
    }
}
