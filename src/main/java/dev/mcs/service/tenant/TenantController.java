package dev.mcs.service.tenant;

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
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping("/api/v1/admin/tenants")
@Tag(name = "Tenants", description = "Create and list tenants and set their limits (admin keys only)")
class TenantController {

    private final TenantService tenants;

    TenantController(TenantService tenants) {
        this.tenants = tenants;
    }

    @PostMapping
    @Operation(operationId = "createTenant", summary = "Create a tenant, optionally with its own limits")
    @ApiResponse(responseCode = "201", description = "Created",
            headers = @Header(name = HttpHeaders.LOCATION, description = "The new resource's URL",
                    schema = @Schema(type = "string", format = "uri-reference")))
    @Problems({400, 403, 409})
    ResponseEntity<TenantResponse> create(@Valid @RequestBody TenantRequest request) {
        Tenant tenant = tenants.create(request.name().strip(), request.limits());
        return ResponseEntity.created(URI.create("/api/v1/admin/tenants/" + tenant.getId())).body(view(tenant));
    }

    @GetMapping
    @Operation(operationId = "listTenants", summary = "List tenants, oldest first")
    @Problems({400, 403})
    PageResponse<TenantResponse> list(@RequestParam(defaultValue = "0") int page,
            @RequestParam(defaultValue = "20") int size) {
        return PageResponse.of(tenants.list(Paging.of(page, size)), this::view);
    }

    @GetMapping("/{id}")
    @Operation(operationId = "getTenant", summary = "Get a tenant, its limits and its stored bytes")
    @Problems({400, 403, 404})
    TenantResponse get(@PathVariable UUID id) {
        return view(tenants.get(id));
    }

    @PutMapping("/{id}/limits")
    @Operation(operationId = "replaceTenantLimits", summary = "Replace a tenant's own limits (null fields: the configured default)")
    @Problems({400, 403, 404})
    TenantResponse changeLimits(@PathVariable UUID id, @Valid @RequestBody LimitOverrides limits) {
        return view(tenants.changeLimits(id, limits));
    }

    private TenantResponse view(Tenant tenant) {
        return new TenantResponse(tenant.getId(), tenant.getName(), tenants.overrides(tenant),
                tenants.limits(tenant.getId()), tenants.storedBytes(tenant.getId()), tenant.getCreatedAt());
    }
}
