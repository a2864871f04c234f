package dev.mcs.service.security;

import io.swagger.v3.oas.annotations.OpenAPIDefinition;
import io.swagger.v3.oas.annotations.enums.SecuritySchemeType;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.swagger.v3.oas.annotations.security.SecurityScheme;
import org.springframework.context.annotation.Configuration;

/** Declares the bearer API key in the OpenAPI description, required by every operation. */
@Configuration(proxyBeanMethods = false)
@OpenAPIDefinition(security = @SecurityRequirement(name = ApiKeyOpenApi.SCHEME))
@SecurityScheme(name = ApiKeyOpenApi.SCHEME, type = SecuritySchemeType.HTTP, scheme = "bearer",
        description = "An API key: `Authorization: Bearer <key>`. The first admin key of a fresh database is in the"
                + " file `admin-api-key` in the storage root; admins create tenants and further keys under"
                + " /api/v1/admin. Missing, unknown, revoked or expired keys: 401; member keys on admin endpoints: 403.")
class ApiKeyOpenApi {

    static final String SCHEME = "apiKey";
}
