package dev.mcs.service.web;

import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.info.License;
import io.swagger.v3.oas.models.servers.Server;
import java.util.List;
import org.springdoc.core.customizers.OpenApiCustomizer;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.info.BuildProperties;
import org.springframework.stereotype.Component;

/**
 * What the published OpenAPI document says about the API as a whole: a real title and version (the project's),
 * a fixed server instead of the one springdoc would derive from each request (so the document is the same for
 * every caller and can be compared with its committed snapshot), and the shared {@code Problem} schema.
 */
@Component
class ApiContract implements OpenApiCustomizer {

    static final String PROBLEM_REF = "#/components/schemas/" + ProblemSchema.NAME;
    private static final String DESCRIPTION = "Compresses ONNX and TorchScript models (quantization, pruning,"
            + " distillation) as asynchronous jobs and reports measured size, latency and fidelity. Upload a model,"
            + " optionally an NPZ dataset, submit a job, follow it (poll or Server-Sent Events) and download the"
            + " compressed model. Every error is an RFC 9457 problem (`application/problem+json`) with a stable"
            + " `type`; see docs/errors.md.";

    private final ObjectProvider<BuildProperties> build;

    ApiContract(ObjectProvider<BuildProperties> build) {
        this.build = build;
    }

    @Override
    public void customise(OpenAPI openApi) {
        BuildProperties properties = build.getIfAvailable();
        openApi.info(new Info().title("Model Compression Service API").description(DESCRIPTION)
                .version(properties == null ? "development" : properties.getVersion())
                .license(new License().name("Apache-2.0").identifier("Apache-2.0")));
        openApi.servers(List.of(new Server().url("http://localhost:8080").description("a local instance")));
        openApi.getComponents().addSchemas(ProblemSchema.NAME, ProblemSchema.create());
        if (openApi.getComponents().getSchemas() != null) {
            // the stored JSON members are documented by typed schemas (@Schema(implementation)); nothing may point here
            openApi.getComponents().getSchemas().remove("ProblemDetail");
            openApi.getComponents().getSchemas().remove("JsonNode");
        }
    }
}
