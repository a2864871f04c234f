package dev.mcs.service.model;

import dev.mcs.service.web.ApiException;
import dev.mcs.service.web.PageResponse;
import dev.mcs.service.web.Paging;
import dev.mcs.service.web.ProblemType;
import dev.mcs.service.web.Problems;
import io.swagger.v3.oas.annotations.Hidden;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.enums.ParameterIn;
import io.swagger.v3.oas.annotations.headers.Header;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.parameters.RequestBody;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.net.URI;
import java.util.UUID;
import org.springframework.data.domain.Pageable;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RequestPart;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.context.request.ServletWebRequest;
import org.springframework.web.multipart.MultipartFile;
import tools.jackson.databind.ObjectMapper;

@RestController
@RequestMapping("/api/v1/models")
@Tag(name = "Models", description = "Upload, inspect, download and delete models")
class ModelController {

    private final ModelService models;
    private final ObjectMapper json;

    ModelController(ModelService models, ObjectMapper json) {
        this.models = models;
        this.json = json;
    }

    @PostMapping(consumes = MediaType.MULTIPART_FORM_DATA_VALUE)
    @Operation(operationId = "uploadModel", summary = "Upload a model (multipart field 'file')",
            description = "The format (ONNX or TorchScript) is detected from the content; inspection runs"
                    + " asynchronously (status INSPECTING, then READY or INVALID).")
    @ApiResponse(responseCode = "201", description = "Stored; inspection has started",
            headers = @Header(name = HttpHeaders.LOCATION, description = "The model's URL",
                    schema = @Schema(type = "string", format = "uri-reference")))
    @Problems({400, 413, 415, 422})
    ResponseEntity<ModelResponse> uploadMultipart(@RequestPart("file") MultipartFile file,
            @RequestParam(name = "name", required = false) String name) throws IOException {
        if (file.isEmpty()) {
            throw new ApiException(ProblemType.INVALID_REQUEST, "the uploaded file is empty");
        }
        return created(models.upload(file.getInputStream(), name, file.getOriginalFilename()));
    }

    @PostMapping(path = "/raw", consumes = MediaType.APPLICATION_OCTET_STREAM_VALUE)
    @Operation(operationId = "uploadModelRaw", summary = "Upload a model as a raw body, streamed to storage",
            description = "For very large files: the body is the model file itself.",
            requestBody = @RequestBody(required = true, content = @Content(
                    mediaType = MediaType.APPLICATION_OCTET_STREAM_VALUE,
                    schema = @Schema(type = "string", format = "binary"))))
    @ApiResponse(responseCode = "201", description = "Stored; inspection has started",
            headers = @Header(name = HttpHeaders.LOCATION, description = "The model's URL",
                    schema = @Schema(type = "string", format = "uri-reference")))
    @Problems({400, 413, 415, 422})
    ResponseEntity<ModelResponse> uploadRaw(HttpServletRequest request,
            @RequestParam(name = "name", required = false) String name) throws IOException {
        return created(models.upload(request.getInputStream(), name, null));
    }

    /** The raw upload's first address, kept for existing scripts; documented as {@code uploadModelRaw}. */
    @Hidden
    @PostMapping(consumes = MediaType.APPLICATION_OCTET_STREAM_VALUE)
    ResponseEntity<ModelResponse> uploadRawAtCollection(HttpServletRequest request,
            @RequestParam(name = "name", required = false) String name) throws IOException {
        return uploadRaw(request, name);
    }

    @GetMapping
    @Operation(operationId = "listModels", summary = "List models, newest first, optionally only those derived from one model")
    @Problems(400)
    PageResponse<ModelResponse> list(@RequestParam(defaultValue = "0") int page,
            @RequestParam(defaultValue = "20") int size,
            @Parameter(description = "Only models that jobs produced from this model (its derived models); another"
                    + " tenant's or an unknown id gives an empty page")
            @RequestParam(required = false) UUID parentModelId) {
        Pageable paging = Paging.of(page, size);
        return PageResponse.of(parentModelId == null ? models.list(paging) : models.derived(parentModelId, paging),
                this::view);
    }

    @GetMapping("/{id}")
    @Operation(operationId = "getModel", summary = "Get a model and its inspection")
    @Problems({400, 404})
    ModelResponse get(@PathVariable UUID id) {
        return view(models.get(id));
    }

    @GetMapping("/{id}/content")
    @Operation(operationId = "downloadModelContent", summary = "Download a model file",
            description = "Supports Range, If-Range and If-None-Match; the ETag is the quoted sha256. A request without"
                    + " Range whose Accept-Encoding accepts zstd or gzip gets the whole file compressed (Content-Encoding,"
                    + " zstd preferred on equal weights), streamed without a Content-Length and with the weak ETag"
                    + " W/\"<sha256>-<coding>\"; decompressed it is the file, byte for byte. Ranges are always of the"
                    + " uncompressed file and answered uncompressed. Every answer carries Vary: Accept-Encoding. Accept-"
                    + "Encoding is left to the HTTP library (e.g. curl --compressed), since that layer decompresses:"
                    + " it is no parameter of generated clients, whose plain requests get the file uncompressed.")
    @Parameter(in = ParameterIn.HEADER, name = HttpHeaders.RANGE, description = "A single byte range, e.g. bytes=0-1023",
            schema = @Schema(type = "string"))
    @Parameter(in = ParameterIn.HEADER, name = HttpHeaders.IF_RANGE, schema = @Schema(type = "string"),
            description = "Honour Range only while the ETag still matches; otherwise the whole file")
    @Parameter(in = ParameterIn.HEADER, name = HttpHeaders.IF_NONE_MATCH, schema = @Schema(type = "string"),
            description = "304 when the file still has this ETag (the one of the coding this request would get)")
    @ApiResponse(responseCode = "200", description = "The whole file, compressed when Content-Encoding says so",
            headers = {
                    @Header(name = HttpHeaders.ETAG, schema = @Schema(type = "string"),
                            description = "Quoted sha256; W/\"<sha256>-<coding>\" when compressed"),
                    @Header(name = HttpHeaders.CONTENT_ENCODING, description = "Absent when uncompressed",
                            schema = @Schema(type = "string", allowableValues = {"gzip", "zstd"})),
                    @Header(name = HttpHeaders.VARY, schema = @Schema(type = "string"), description = "Accept-Encoding")},
            content = @Content(mediaType = MediaType.APPLICATION_OCTET_STREAM_VALUE,
                    schema = @Schema(type = "string", format = "binary")))
    @ApiResponse(responseCode = "206", description = "The requested range, never compressed", headers = {
            @Header(name = HttpHeaders.CONTENT_RANGE, schema = @Schema(type = "string"), description = "bytes a-b/size"),
            @Header(name = HttpHeaders.ETAG, schema = @Schema(type = "string"), description = "Quoted sha256")},
            content = @Content(mediaType = MediaType.APPLICATION_OCTET_STREAM_VALUE,
                    schema = @Schema(type = "string", format = "binary")))
    @ApiResponse(responseCode = "304", description = "Not modified: If-None-Match named the current ETag")
    @Problems({400, 404, 416})
    ResponseEntity<?> content(@PathVariable UUID id, ServletWebRequest request) throws IOException {
        StoredModel model = models.get(id);
        return new ModelDownload(model, models.localPath(model), request).respond();
    }

    @DeleteMapping("/{id}")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    @Operation(operationId = "deleteModel", summary = "Delete a model and its file",
            description = "409 while a queued or running job uses it.")
    @ApiResponse(responseCode = "204", description = "Deleted")
    @Problems({400, 404, 409})
    void delete(@PathVariable UUID id) {
        models.delete(id);
    }

    private ResponseEntity<ModelResponse> created(StoredModel model) {
        return ResponseEntity.created(URI.create("/api/v1/models/" + model.getId())).body(view(model));
    }

    private ModelResponse view(StoredModel model) {
        return ModelResponse.of(model, json);
    }
}
