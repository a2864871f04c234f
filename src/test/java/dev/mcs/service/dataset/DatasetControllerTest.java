package dev.mcs.service.dataset;

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
import dev.mcs.shared.format.npz.NpyArrayInfo;
import java.io.InputStream;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.data.domain.PageImpl;
import org.springframework.data.domain.PageRequest;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.mock.web.MockMultipartFile;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.web.servlet.assertj.MockMvcTester;
import org.springframework.test.web.servlet.assertj.MvcTestResult;

// Authentication is tested end to end (security tests); these slices test the controllers alone.
@WebMvcTest(DatasetController.class)
@AutoConfigureMockMvc(addFilters = false)
class DatasetControllerTest {

    private static final String DATASETS = "/api/v1/datasets";
    private static final Instant NOW = Instant.parse("2025-03-01T12:00:00Z");

    @Autowired
    MockMvcTester mvc;

    @MockitoBean
    DatasetService datasets;

    @Test
    void uploadAnswers201WithLocationAndTheDatasetView() throws Exception {
        byte[] content = {'P', 'K', 3, 4, 1, 2, 3};
        Dataset dataset = dataset("holdout");
        AtomicReference<byte[]> received = new AtomicReference<>();
        when(datasets.upload(any(), eq("holdout"), eq("digits_holdout.npz"))).thenAnswer(call -> {
            received.set(call.<InputStream>getArgument(0).readAllBytes());
            return dataset;
        });
        when(datasets.view(dataset)).thenReturn(view(dataset));

        MvcTestResult result = mvc.post().uri(DATASETS).multipart()
                .file(new MockMultipartFile("file", "digits_holdout.npz", "application/octet-stream", content))
                .param("name", "holdout")
                .exchange();

        assertThat(result).hasStatus(201).hasHeader(HttpHeaders.LOCATION, DATASETS + "/" + dataset.getId());
        assertThat(result).bodyJson().extractingPath("$.id").asString().isEqualTo(dataset.getId().toString());
        assertThat(result).bodyJson().extractingPath("$.name").asString().isEqualTo("holdout");
        assertThat(result).bodyJson().extractingPath("$.sampleCount").asNumber().isEqualTo(100);
        assertThat(result).bodyJson().extractingPath("$.hasLabels").asBoolean().isTrue();
        assertThat(result).bodyJson().extractingPath("$.arrays[0].name").asString().isEqualTo("x");
        assertThat(result).bodyJson().extractingPath("$.arrays[0].dtype").asString().isEqualTo("float32");
        assertThat(result).bodyJson().extractingPath("$.arrays[0].shape").asArray().containsExactly(100, 64);
        assertThat(result).bodyJson().extractingPath("$.arrays[1].name").asString().isEqualTo("labels");
        assertThat(received.get()).isEqualTo(content);
    }

    @Test
    void uploadWithoutANamePassesTheOriginalFileName() throws Exception {
        Dataset dataset = dataset("d.npz");
        when(datasets.upload(any(), isNull(), eq("d.npz"))).thenReturn(dataset);
        when(datasets.view(dataset)).thenReturn(view(dataset));

        assertThat(mvc.post().uri(DATASETS).multipart().file(new MockMultipartFile("file", "d.npz", null, new byte[] {1}))
                .exchange()).hasStatus(201);

        verify(datasets).upload(any(), isNull(), eq("d.npz"));
    }

    @Test
    void anEmptyFileIsRefusedBeforeReachingTheService() {
        MvcTestResult result = mvc.post().uri(DATASETS).multipart()
                .file(new MockMultipartFile("file", "d.npz", null, new byte[0]))
                .exchange();

        assertProblem(result, ProblemType.INVALID_REQUEST);
        verifyNoInteractions(datasets);
    }

    @Test
    void anInvalidDatasetIsA422Problem() throws Exception {
        when(datasets.upload(any(), any(), any())).thenThrow(new ApiException(ProblemType.INVALID_DATASET,
                "arrays disagree on the number of samples (first axis): [x=10, labels=9]"));

        MvcTestResult result = mvc.post().uri(DATASETS).multipart()
                .file(new MockMultipartFile("file", "d.npz", null, new byte[] {1, 2}))
                .exchange();

        assertProblem(result, ProblemType.INVALID_DATASET);
        assertThat(result).bodyJson().extractingPath("$.type").asString()
                .isEqualTo("https://model-compression-service.dev/problems/invalid-dataset");
        assertThat(result).bodyJson().extractingPath("$.detail").asString().contains("[x=10, labels=9]");
    }

    @Test
    void getShowsTheDataset() {
        Dataset dataset = dataset("holdout");
        when(datasets.get(dataset.getId())).thenReturn(dataset);
        when(datasets.view(dataset)).thenReturn(view(dataset));

        MvcTestResult result = mvc.get().uri(DATASETS + "/{id}", dataset.getId()).exchange();

        assertThat(result).hasStatusOk().hasContentTypeCompatibleWith(MediaType.APPLICATION_JSON);
        assertThat(result).bodyJson().extractingPath("$.sha256").asString().isEqualTo(dataset.getSha256());
        assertThat(result).bodyJson().extractingPath("$.createdAt").asString().isEqualTo(NOW.toString());
    }

    @Test
    void anUnknownDatasetIsA404Problem() {
        UUID id = UUID.randomUUID();
        when(datasets.get(id)).thenThrow(ApiException.notFound("dataset", id));

        MvcTestResult result = mvc.get().uri(DATASETS + "/{id}", id).exchange();

        assertProblem(result, ProblemType.NOT_FOUND);
        assertThat(result).bodyJson().extractingPath("$.detail").asString().contains(id.toString());
    }

    @Test
    void anInvalidUuidInThePathIsA400ProblemNamingTheField() {
        MvcTestResult result = mvc.get().uri(DATASETS + "/12345").exchange();

        assertProblem(result, ProblemType.INVALID_REQUEST);
        assertThat(result).bodyJson().extractingPath("$.field").asString().isEqualTo("id");
        verifyNoInteractions(datasets);
    }

    @Test
    void listReturnsAPageOfDatasetViews() {
        Dataset a = dataset("a");
        Dataset b = dataset("b");
        when(datasets.list(PageRequest.of(0, 2))).thenReturn(new PageImpl<>(List.of(a, b), PageRequest.of(0, 2), 3));
        when(datasets.view(a)).thenReturn(view(a));
        when(datasets.view(b)).thenReturn(view(b));

        MvcTestResult result = mvc.get().uri(DATASETS + "?size=2").exchange();

        assertThat(result).hasStatusOk();
        assertThat(result).bodyJson().extractingPath("$.items[*].name").asArray().containsExactly("a", "b");
        assertThat(result).bodyJson().extractingPath("$.totalItems").asNumber().isEqualTo(3);
        assertThat(result).bodyJson().extractingPath("$.totalPages").asNumber().isEqualTo(2);
    }

    @ParameterizedTest
    @ValueSource(strings = {"size=0", "size=500", "page=-3"})
    void listRefusesPagingOutsideTheLimits(String query) {
        MvcTestResult result = mvc.get().uri(DATASETS + "?" + query).exchange();

        assertProblem(result, ProblemType.INVALID_REQUEST);
        assertThat(result).bodyJson().extractingPath("$.field").asString().isEqualTo(query.substring(0, query.indexOf('=')));
        verifyNoInteractions(datasets);
    }

    @Test
    void deleteAnswers204() {
        UUID id = UUID.randomUUID();

        assertThat(mvc.delete().uri(DATASETS + "/{id}", id).exchange()).hasStatus(204);

        verify(datasets).delete(id);
    }

    @Test
    void deletingADatasetInUseIsA409Problem() {
        UUID id = UUID.randomUUID();
        doThrow(new ApiException(ProblemType.CONFLICT, "dataset " + id + " is used by a queued or running job"))
                .when(datasets).delete(id);

        MvcTestResult result = mvc.delete().uri(DATASETS + "/{id}", id).exchange();

        assertProblem(result, ProblemType.CONFLICT);
        assertThat(result).bodyJson().extractingPath("$.detail").asString().contains(id.toString());
    }

    @Test
    void deletingAnUnknownDatasetIsA404Problem() {
        UUID id = UUID.randomUUID();
        doThrow(ApiException.notFound("dataset", id)).when(datasets).delete(id);

        assertProblem(mvc.delete().uri(DATASETS + "/{id}", id).exchange(), ProblemType.NOT_FOUND);
    }

    // --- fixtures -------------------------------------------------------------------------------

    private static final List<NpyArrayInfo> ARRAYS = List.of(
            new NpyArrayInfo("x", "float32", List.of(100L, 64L)),
            new NpyArrayInfo(Dataset.LABELS, "int64", List.of(100L)));

    private static Dataset dataset(String name) {
        UUID id = UUID.randomUUID();
        String sha = (id.toString().replace("-", "") + id.toString().replace("-", "")).substring(0, 64);
        return new Dataset(id, Tenant.DEFAULT_ID, name, 1234, sha, "datasets/" + id, 100, "[]", true, NOW);
    }

    private static DatasetResponse view(Dataset d) {
        return new DatasetResponse(d.getId(), d.getName(), d.getSizeBytes(), d.getSha256(), d.getSampleCount(), ARRAYS,
                d.isHasLabels(), d.getCreatedAt());
    }

    private static void assertProblem(MvcTestResult result, ProblemType type) {
        assertThat(result).hasStatus(type.status().value()).hasContentType(MediaType.APPLICATION_PROBLEM_JSON);
        assertThat(result).bodyJson().extractingPath("$.type").asString().isEqualTo(type.uri().toString());
        assertThat(result).bodyJson().extractingPath("$.title").asString().isEqualTo(type.title());
    }
}
