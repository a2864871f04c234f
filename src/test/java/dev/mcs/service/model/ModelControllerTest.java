package dev.mcs.service.model;

import dev.mcs.service.tenant.Tenant;
import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.ArgumentMatchers.isNull;
import static org.mockito.Mockito.doThrow;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.verifyNoInteractions;
import static org.mockito.Mockito.when;

import dev.mcs.service.web.ApiException;
import dev.mcs.service.web.ProblemType;
import dev.mcs.shared.format.ModelFormat;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.mockito.ArgumentCaptor;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.data.domain.PageImpl;
import org.springframework.data.domain.PageRequest;
import org.springframework.data.domain.Pageable;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.mock.web.MockMultipartFile;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.web.servlet.assertj.MockMvcTester;
import org.springframework.test.web.servlet.assertj.MvcTestResult;

// Authentication is tested end to end (security tests); these slices test the controllers alone.
@WebMvcTest(ModelController.class)
@AutoConfigureMockMvc(addFilters = false)
class ModelControllerTest {

    private static final String MODELS = "/api/v1/models";
    private static final Instant NOW = Instant.parse("2025-03-01T12:00:00Z");

    @Autowired
    MockMvcTester mvc;

    @MockitoBean
    ModelService models;

    @TempDir
    Path dir;

    // --- upload ---------------------------------------------------------------------------------

    @Test
    void multipartUploadAnswers201WithLocationAndTheStoredModel() throws Exception {
        byte[] content = bytes(64);
        StoredModel stored = model("digits", ModelFormat.ONNX, content);
        AtomicReference<byte[]> received = new AtomicReference<>();
        when(models.upload(any(), eq("digits"), eq("digits_mlp.onnx"))).thenAnswer(call -> {
            received.set(call.<InputStream>getArgument(0).readAllBytes());
            return stored;
        });

        MvcTestResult result = mvc.post().uri(MODELS).multipart()
                .file(new MockMultipartFile("file", "digits_mlp.onnx", "application/octet-stream", content))
                .param("name", "digits")
                .exchange();

        assertThat(result).hasStatus(201).hasHeader(HttpHeaders.LOCATION, MODELS + "/" + stored.getId())
                .hasContentTypeCompatibleWith(MediaType.APPLICATION_JSON);
        assertThat(result).bodyJson().extractingPath("$.id").asString().isEqualTo(stored.getId().toString());
        assertThat(result).bodyJson().extractingPath("$.name").asString().isEqualTo("digits");
        assertThat(result).bodyJson().extractingPath("$.format").asString().isEqualTo("ONNX");
        assertThat(result).bodyJson().extractingPath("$.sizeBytes").asNumber().isEqualTo(64);
        assertThat(result).bodyJson().extractingPath("$.sha256").asString().isEqualTo(stored.getSha256());
        assertThat(result).bodyJson().extractingPath("$.status").asString().isEqualTo("INSPECTING");
        assertThat(result).bodyJson().extractingPath("$.createdAt").asString().isEqualTo(NOW.toString());
        assertThat(received.get()).isEqualTo(content);
    }

    @Test
    void multipartUploadWithoutANamePassesTheOriginalFileName() throws Exception {
        StoredModel stored = model("digits_mlp.onnx", ModelFormat.ONNX, bytes(8));
        when(models.upload(any(), isNull(), eq("digits_mlp.onnx"))).thenReturn(stored);

        MvcTestResult result = mvc.post().uri(MODELS).multipart()
                .file(new MockMultipartFile("file", "digits_mlp.onnx", null, bytes(8)))
                .exchange();

        assertThat(result).hasStatus(201);
        verify(models).upload(any(), isNull(), eq("digits_mlp.onnx"));
    }

    @Test
    void rawUploadStreamsTheRequestBodyAndPassesTheName() throws Exception {
        byte[] content = bytes(300);
        StoredModel stored = model("raw.pt", ModelFormat.TORCHSCRIPT, content);
        AtomicReference<byte[]> received = new AtomicReference<>();
        when(models.upload(any(), eq("raw.pt"), isNull())).thenAnswer(call -> {
            received.set(call.<InputStream>getArgument(0).readAllBytes());
            return stored;
        });

        MvcTestResult result = mvc.post().uri(MODELS + "?name=raw.pt")
                .contentType(MediaType.APPLICATION_OCTET_STREAM).content(content)
                .exchange();

        assertThat(result).hasStatus(201).hasHeader(HttpHeaders.LOCATION, MODELS + "/" + stored.getId());
        assertThat(result).bodyJson().extractingPath("$.format").asString().isEqualTo("TORCHSCRIPT");
        assertThat(received.get()).isEqualTo(content);
    }

    @Test
    void anEmptyFileIsRefusedBeforeReachingTheService() {
        MvcTestResult result = mvc.post().uri(MODELS).multipart()
                .file(new MockMultipartFile("file", "empty.onnx", null, new byte[0]))
                .exchange();

        assertProblem(result, ProblemType.INVALID_REQUEST);
        assertThat(result).bodyJson().extractingPath("$.detail").asString().contains("empty");
        verifyNoInteractions(models);
    }

    @Test
    void aMultipartRequestWithoutTheFilePartIsRefused() {
        MvcTestResult result = mvc.post().uri(MODELS).multipart()
                .file(new MockMultipartFile("model", "m.onnx", null, bytes(8)))
                .exchange();

        assertThat(result).hasStatus(400);
        verifyNoInteractions(models);
    }

    @Test
    void aMultipartRequestWithoutTheFilePartIsAProblem() {
        MvcTestResult result = mvc.post().uri(MODELS).multipart()
                .file(new MockMultipartFile("model", "m.onnx", null, bytes(8)))
                .exchange();

        assertProblem(result, ProblemType.INVALID_REQUEST);
        verifyNoInteractions(models);
    }

    @Test
    void listWithAParentModelIdAnswersOnlyTheModelsDerivedFromIt() {
        UUID parent = UUID.randomUUID();
        UUID job = UUID.randomUUID();
        StoredModel derived = ModelFixtures.producedBy(model("child", ModelFormat.ONNX, bytes(4)), parent, job);
        when(models.derived(eq(parent), any())).thenAnswer(call -> new PageImpl<>(List.of(derived), call.getArgument(1), 1));

        MvcTestResult result = mvc.get().uri(MODELS + "?parentModelId=" + parent + "&size=50").exchange();

        assertThat(result).hasStatusOk();
        assertThat(result).bodyJson().extractingPath("$.items[*].name").asArray().containsExactly("child");
        assertThat(result).bodyJson().extractingPath("$.items[0].parentModelId").asString().isEqualTo(parent.toString());
        assertThat(result).bodyJson().extractingPath("$.items[0].producedByJobId").asString().isEqualTo(job.toString());
        verify(models).derived(parent, PageRequest.of(0, 50));
        verify(models, org.mockito.Mockito.never()).list(any());
    }

    @Test
    void listRefusesAParentModelIdThatIsNotAUuid() {
        MvcTestResult result = mvc.get().uri(MODELS + "?parentModelId=nope").exchange();

        assertThat(result).hasStatus(400);
        verifyNoInteractions(models);
    }

    @ParameterizedTest
    @CsvSource({
        "CORRUPT_MODEL, https://model-compression-service.dev/problems/corrupt-model",
        "UNSUPPORTED_MODEL_FORMAT, https://model-compression-service.dev/problems/unsupported-model-format",
        "EXTERNAL_DATA_NOT_SUPPORTED, https://model-compression-service.dev/problems/external-data-not-supported"
    })
    void aRejectedUploadIsA422ProblemWithAStableType(ProblemType type, String typeUri) throws Exception {
        when(models.upload(any(), any(), any())).thenThrow(new ApiException(type, "cannot read this file"));

        MvcTestResult result = mvc.post().uri(MODELS).multipart()
                .file(new MockMultipartFile("file", "x.onnx", null, bytes(16)))
                .exchange();

        assertThat(result).hasStatus(422).hasContentType(MediaType.APPLICATION_PROBLEM_JSON);
        assertThat(result).bodyJson().extractingPath("$.type").asString().isEqualTo(typeUri);
        assertThat(result).bodyJson().extractingPath("$.status").asNumber().isEqualTo(422);
        assertThat(result).bodyJson().extractingPath("$.title").asString().isEqualTo(type.title());
        assertThat(result).bodyJson().extractingPath("$.detail").asString().isEqualTo("cannot read this file");
    }

    @Test
    void aRawUploadRejectedByTheServiceIsAProblemToo() throws Exception {
        when(models.upload(any(), any(), any()))
                .thenThrow(new ApiException(ProblemType.UNSUPPORTED_MODEL_FORMAT, "neither ONNX nor TorchScript"));

        MvcTestResult result = mvc.post().uri(MODELS).contentType(MediaType.APPLICATION_OCTET_STREAM)
                .content("hello".getBytes(StandardCharsets.US_ASCII)).exchange();

        assertProblem(result, ProblemType.UNSUPPORTED_MODEL_FORMAT);
    }

    @Test
    void anUploadWithAnUnsupportedContentTypeIsAProblem() {
        MvcTestResult result = mvc.post().uri(MODELS).contentType(MediaType.TEXT_PLAIN).content("x").exchange();

        assertThat(result).hasStatus(415).hasContentType(MediaType.APPLICATION_PROBLEM_JSON);
        assertThat(result).bodyJson().extractingPath("$.type").asString()
                .isEqualTo(ProblemType.UNSUPPORTED_MEDIA_TYPE.uri().toString());
        verifyNoInteractions(models);
    }

    // --- get, list, delete ----------------------------------------------------------------------

    @Test
    void getShowsTheModelWithItsInspectionAsJson() {
        StoredModel stored = model("m", ModelFormat.ONNX, bytes(8));
        stored.inspected(ModelStatus.READY, "{\"opset\":13,\"inputs\":[{\"name\":\"x\"}]}", null, NOW.plusSeconds(5));
        when(models.get(stored.getId())).thenReturn(stored);

        MvcTestResult result = mvc.get().uri(MODELS + "/{id}", stored.getId()).exchange();

        assertThat(result).hasStatusOk();
        assertThat(result).bodyJson().extractingPath("$.status").asString().isEqualTo("READY");
        assertThat(result).bodyJson().extractingPath("$.inspection.opset").asNumber().isEqualTo(13);
        assertThat(result).bodyJson().extractingPath("$.inspection.inputs[0].name").asString().isEqualTo("x");
    }

    @Test
    void anUnknownModelIsA404Problem() {
        UUID id = UUID.randomUUID();
        when(models.get(id)).thenThrow(ApiException.notFound("model", id));

        MvcTestResult result = mvc.get().uri(MODELS + "/{id}", id).exchange();

        assertProblem(result, ProblemType.NOT_FOUND);
        assertThat(result).bodyJson().extractingPath("$.detail").asString().contains(id.toString());
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "/content"})
    void anInvalidUuidInThePathIsA400ProblemNamingTheField(String suffix) {
        MvcTestResult result = mvc.get().uri(MODELS + "/not-a-uuid" + suffix).exchange();

        assertProblem(result, ProblemType.INVALID_REQUEST);
        assertThat(result).bodyJson().extractingPath("$.field").asString().isEqualTo("id");
        assertThat(result).bodyJson().extractingPath("$.detail").asString().contains("not-a-uuid");
        verifyNoInteractions(models);
    }

    @Test
    void listReturnsAPageOfModelsWithTheRequestedPaging() {
        StoredModel first = model("a", ModelFormat.ONNX, bytes(4));
        StoredModel second = model("b", ModelFormat.TORCHSCRIPT, bytes(5));
        when(models.list(any())).thenAnswer(call -> {
            Pageable pageable = call.getArgument(0);
            return new PageImpl<>(List.of(first, second), pageable, 12);
        });

        MvcTestResult result = mvc.get().uri(MODELS + "?page=1&size=5").exchange();

        assertThat(result).hasStatusOk();
        assertThat(result).bodyJson().extractingPath("$.items[*].name").asArray().containsExactly("a", "b");
        assertThat(result).bodyJson().extractingPath("$.page").asNumber().isEqualTo(1);
        assertThat(result).bodyJson().extractingPath("$.size").asNumber().isEqualTo(5);
        assertThat(result).bodyJson().extractingPath("$.totalItems").asNumber().isEqualTo(12);
        assertThat(result).bodyJson().extractingPath("$.totalPages").asNumber().isEqualTo(3);
        ArgumentCaptor<Pageable> pageable = ArgumentCaptor.forClass(Pageable.class);
        verify(models).list(pageable.capture());
        assertThat(pageable.getValue()).isEqualTo(PageRequest.of(1, 5));
    }

    @Test
    void listDefaultsToTheFirstPageOfTwenty() {
        when(models.list(any())).thenAnswer(call -> new PageImpl<>(List.of(), call.getArgument(0), 0));

        assertThat(mvc.get().uri(MODELS).exchange()).hasStatusOk();

        verify(models).list(PageRequest.of(0, 20));
    }

    @ParameterizedTest
    @CsvSource({"size=0, size", "size=500, size", "size=201, size", "page=-1, page"})
    void listRefusesPagingOutsideTheLimits(String query, String field) {
        MvcTestResult result = mvc.get().uri(MODELS + "?" + query).exchange();

        assertProblem(result, ProblemType.INVALID_REQUEST);
        assertThat(result).bodyJson().extractingPath("$.field").asString().isEqualTo(field);
        verifyNoInteractions(models);
    }

    @Test
    void listRefusesANonNumericPageSize() {
        MvcTestResult result = mvc.get().uri(MODELS + "?size=lots").exchange();

        assertProblem(result, ProblemType.INVALID_REQUEST);
        assertThat(result).bodyJson().extractingPath("$.field").asString().isEqualTo("size");
    }

    @Test
    void deleteAnswers204WithoutABody() {
        UUID id = UUID.randomUUID();

        MvcTestResult result = mvc.delete().uri(MODELS + "/{id}", id).exchange();

        assertThat(result).hasStatus(204);
        assertThat(result).body().isEmpty();
        verify(models).delete(id);
    }

    @Test
    void deletingAModelInUseIsA409Problem() {
        UUID id = UUID.randomUUID();
        doThrow(new ApiException(ProblemType.CONFLICT, "model " + id + " is used by a queued or running job"))
                .when(models).delete(id);

        MvcTestResult result = mvc.delete().uri(MODELS + "/{id}", id).exchange();

        assertProblem(result, ProblemType.CONFLICT);
        assertThat(result).bodyJson().extractingPath("$.detail").asString().contains("used by");
    }

    @Test
    void deletingAnUnknownModelIsA404Problem() {
        UUID id = UUID.randomUUID();
        doThrow(ApiException.notFound("model", id)).when(models).delete(id);

        assertProblem(mvc.delete().uri(MODELS + "/{id}", id).exchange(), ProblemType.NOT_FOUND);
    }

    @Test
    void anUnexpectedServiceErrorIsAnInternalErrorProblemThatLeaksNothing() {
        UUID id = UUID.randomUUID();
        when(models.get(id)).thenThrow(new IllegalStateException("secret connection string"));

        MvcTestResult result = mvc.get().uri(MODELS + "/{id}", id).exchange();

        assertProblem(result, ProblemType.INTERNAL_ERROR);
        assertThat(result).bodyText().doesNotContain("secret");
    }

    // --- download -------------------------------------------------------------------------------

    @Test
    void downloadSendsTheFileWithTheSha256AsQuotedETag() throws Exception {
        byte[] content = bytes(50);
        StoredModel stored = storedOnDisk("digits.onnx", ModelFormat.ONNX, content);

        MvcTestResult result = mvc.get().uri(MODELS + "/{id}/content", stored.getId()).exchange();

        assertThat(result).hasStatusOk().hasContentType(MediaType.APPLICATION_OCTET_STREAM)
                .hasHeader(HttpHeaders.ETAG, "\"" + sha256(content) + "\"")
                .hasHeader(HttpHeaders.ACCEPT_RANGES, "bytes");
        assertThat(result).body().isEqualTo(content);
        assertThat(downloadName(result)).isEqualTo("digits.onnx");
        assertThat(result.getResponse().getHeader(HttpHeaders.CONTENT_DISPOSITION)).startsWith("attachment");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "../../etc/passwd        | ONNX        | etc_passwd.onnx",
        "a\"b;.onnx              | ONNX        | a_b_.onnx",
        "..\\..\\windows\\x.pt   | TORCHSCRIPT | windows_x.pt",
        "résumé model            | ONNX        | r_sum_model.onnx"
    })
    void downloadNamesAreSafeForContentDisposition(String name, ModelFormat format, String expected) throws Exception {
        StoredModel stored = storedOnDisk(name, format, bytes(10));

        MvcTestResult result = mvc.get().uri(MODELS + "/{id}/content", stored.getId()).exchange();

        assertThat(result).hasStatusOk();
        String fileName = downloadName(result);
        assertThat(fileName).isEqualTo(expected)
                .matches("[A-Za-z0-9][A-Za-z0-9._-]*")
                .doesNotContain("..", "/", "\\", "\"", ";");
        assertThat(result.getResponse().getHeader(HttpHeaders.CONTENT_DISPOSITION))
                .isEqualTo("attachment; filename=\"" + expected + "\"");
    }

    @Test
    void lineBreaksInANameCannotInjectHeaders() throws Exception {
        StoredModel stored = storedOnDisk("evil\r\nSet-Cookie: x=1", ModelFormat.ONNX, bytes(10));

        MvcTestResult result = mvc.get().uri(MODELS + "/{id}/content", stored.getId()).exchange();

        assertThat(downloadName(result)).isEqualTo("evil_Set-Cookie_x_1.onnx");
        assertThat(result).doesNotContainHeader(HttpHeaders.SET_COOKIE);
    }

    @ParameterizedTest
    @ValueSource(strings = {"...", "///", "\"\"", "._._"})
    void aNameWithNothingSafeLeftFallsBackToTheModelId(String name) throws Exception {
        StoredModel stored = storedOnDisk(name, ModelFormat.TORCHSCRIPT, bytes(10));

        MvcTestResult result = mvc.get().uri(MODELS + "/{id}/content", stored.getId()).exchange();

        assertThat(downloadName(result)).isEqualTo("model-" + stored.getId().toString().substring(0, 8) + ".pt");
    }

    @Test
    void aMatchingIfNoneMatchAnswers304WithoutABody() throws Exception {
        byte[] content = bytes(50);
        StoredModel stored = storedOnDisk("m.onnx", ModelFormat.ONNX, content);
        String etag = "\"" + sha256(content) + "\"";

        MvcTestResult result = mvc.get().uri(MODELS + "/{id}/content", stored.getId())
                .header(HttpHeaders.IF_NONE_MATCH, etag).exchange();

        assertThat(result).hasStatus(304).hasHeader(HttpHeaders.ETAG, etag);
        assertThat(result).body().isEmpty();
    }

    @Test
    void aStaleIfNoneMatchGetsTheWholeFile() throws Exception {
        byte[] content = bytes(50);
        StoredModel stored = storedOnDisk("m.onnx", ModelFormat.ONNX, content);

        MvcTestResult result = mvc.get().uri(MODELS + "/{id}/content", stored.getId())
                .header(HttpHeaders.IF_NONE_MATCH, "\"" + sha256(bytes(49)) + "\"").exchange();

        assertThat(result).hasStatusOk();
        assertThat(result).body().isEqualTo(content);
    }

    @Test
    void aRangeRequestGetsPartialContent() throws Exception {
        byte[] content = bytes(50);
        StoredModel stored = storedOnDisk("m.onnx", ModelFormat.ONNX, content);

        MvcTestResult result = mvc.get().uri(MODELS + "/{id}/content", stored.getId())
                .header(HttpHeaders.RANGE, "bytes=0-9").exchange();

        assertThat(result).hasStatus(206).hasHeader(HttpHeaders.CONTENT_RANGE, "bytes 0-9/50")
                .hasHeader(HttpHeaders.ETAG, "\"" + sha256(content) + "\"");
        assertThat(result).body().isEqualTo(java.util.Arrays.copyOfRange(content, 0, 10));
    }

    @Test
    void aSuffixRangeGetsTheLastBytes() throws Exception {
        byte[] content = bytes(50);
        StoredModel stored = storedOnDisk("m.onnx", ModelFormat.ONNX, content);

        MvcTestResult result = mvc.get().uri(MODELS + "/{id}/content", stored.getId())
                .header(HttpHeaders.RANGE, "bytes=-5").exchange();

        assertThat(result).hasStatus(206).hasHeader(HttpHeaders.CONTENT_RANGE, "bytes 45-49/50");
        assertThat(result).body().isEqualTo(java.util.Arrays.copyOfRange(content, 45, 50));
    }

    @Test
    void anUnsatisfiableRangeIs416NamingTheFileSize() throws Exception {
        StoredModel stored = storedOnDisk("m.onnx", ModelFormat.ONNX, bytes(50));

        MvcTestResult result = mvc.get().uri(MODELS + "/{id}/content", stored.getId())
                .header(HttpHeaders.RANGE, "bytes=100-200").exchange();

        assertThat(result).hasStatus(416).hasHeader(HttpHeaders.CONTENT_RANGE, "bytes */50");
    }

    @Test
    void anUnsatisfiableRangeAnswersAProblemInsteadOfTheWholeFile() throws Exception {
        StoredModel stored = storedOnDisk("m.onnx", ModelFormat.ONNX, bytes(50));

        MvcTestResult result = mvc.get().uri(MODELS + "/{id}/content", stored.getId())
                .header(HttpHeaders.RANGE, "bytes=100-200").exchange();

        assertProblem(result, ProblemType.RANGE_NOT_SATISFIABLE);
        assertThat(result).hasHeader(HttpHeaders.CONTENT_RANGE, "bytes */50");
    }

    @Test
    void downloadingAnUnknownModelIsA404Problem() {
        UUID id = UUID.randomUUID();
        when(models.get(id)).thenThrow(ApiException.notFound("model", id));

        assertProblem(mvc.get().uri(MODELS + "/{id}/content", id).exchange(), ProblemType.NOT_FOUND);
    }

    // --- fixtures -------------------------------------------------------------------------------

    private static StoredModel model(String name, ModelFormat format, byte[] content) {
        UUID id = UUID.randomUUID();
        return new StoredModel(id, Tenant.DEFAULT_ID, name, format, content.length, sha256(content), "models/" + id, NOW);
    }

    /** A model whose file really exists, returned by the mocked service for its id. */
    private StoredModel storedOnDisk(String name, ModelFormat format, byte[] content) throws Exception {
        StoredModel stored = model(name, format, content);
        Path file = Files.write(dir.resolve(stored.getId() + ".bin"), content);
        when(models.get(stored.getId())).thenReturn(stored);
        when(models.localPath(stored)).thenReturn(file);
        return stored;
    }

    /** Deterministic, non-repeating-looking content of the given length. */
    private static byte[] bytes(int length) {
        byte[] content = new byte[length];
        for (int i = 0; i < length; i++) {
            content[i] = (byte) (i * 31 + 7);
        }
        return content;
    }

    private static String sha256(byte[] content) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String downloadName(MvcTestResult result) {
        String header = result.getResponse().getHeader(HttpHeaders.CONTENT_DISPOSITION);
        assertThat(header).as("Content-Disposition").isNotNull();
        return ContentDisposition.parse(header).getFilename();
    }

    private static void assertProblem(MvcTestResult result, ProblemType type) {
        assertThat(result).hasStatus(type.status().value()).hasContentType(MediaType.APPLICATION_PROBLEM_JSON);
        assertThat(result).bodyJson().extractingPath("$.type").asString().isEqualTo(type.uri().toString());
        assertThat(result).bodyJson().extractingPath("$.status").asNumber().isEqualTo(type.status().value());
    }
}
