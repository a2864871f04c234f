package dev.mcs.service.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mcs.service.model.ModelService;
import dev.mcs.service.storage.BlobStore;
import dev.mcs.shared.technique.TechniqueCatalog;
import dev.mcs.support.ServiceTest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * What a worker reports is checked against the file it left before anything is published: every
 * refusal here leaves the job RUNNING (the runner then retries or fails it), no model row, no metric
 * row and no blob. Real PostgreSQL, the real blob store, real files.
 */
@ServiceTest
class JobCommitterOutputCheckTest {

    private static final Instant CREATED = Instant.parse("2030-05-06T07:00:00Z");

    @Autowired JdbcTemplate jdbc;
    @Autowired JobRepository jobs;
    @Autowired TransactionTemplate tx;
    @Autowired BlobStore blobs;
    @Autowired ObjectMapper json;
    @Autowired ModelService models;
    @Autowired TechniqueCatalog catalog;

    @Autowired ApplicationContext context;
    private AttemptScenes scenes;
    private JobCommitter committer;
    private AttemptScene scene;

    @BeforeEach
    void setUp() {
        committer = new JobCommitter(blobs, models, jobs, jdbc, tx, json,
                Clock.fixed(CREATED.plusSeconds(300), ZoneOffset.UTC), catalog);
        scenes = new AttemptScenes(context, CREATED);
        scene = scenes.running(1, 3);
    }

    @AfterEach
    void removeScenes() throws IOException {
        scenes.removeAll();
    }

    @ParameterizedTest
    @ValueSource(strings = {"nested/output.onnx", "../escape.onnx", "..\\output.onnx", ".output.onnx"})
    void an_output_name_with_a_separator_or_a_leading_dot_is_refused_though_the_file_exists(String name)
            throws Exception {
        byte[] content = scene.writeOutput(name);

        assertRefused(scene.result(name, content), "unacceptable output file", content);
    }

    @Test
    void a_result_that_names_no_output_file_is_refused() throws Exception {
        byte[] content = scene.writeOutput("output.onnx");

        assertRefused(scene.result("", content), "unacceptable output file", content);
    }

    @Test
    void a_symlink_as_output_is_refused_even_when_it_points_inside_the_work_directory() throws Exception {
        byte[] content = scene.writeOutput("real.onnx");
        Files.createSymbolicLink(scene.workDir().resolve("output.onnx"), Path.of("real.onnx"));

        assertRefused(scene.result("output.onnx", content), "not a regular file", content);
        assertThat(scene.workDir().resolve("real.onnx")).as("the link target is left alone").hasBinaryContent(content);
    }

    @Test
    void an_empty_output_file_is_refused() throws Exception {
        Files.createFile(scene.workDir().resolve("output.onnx"));

        assertRefused(scene.result("output.onnx", new byte[0]), "empty", null);
    }

    @Test
    void a_missing_output_file_is_refused() throws Exception {
        assertRefused(scene.result("output.onnx", new byte[] {1, 2, 3}), "missing", null);
    }

    @Test
    void a_directory_as_output_is_refused() throws Exception {
        Files.createDirectories(scene.workDir().resolve("output.onnx"));

        assertRefused(scene.result("output.onnx", new byte[] {1, 2, 3}), "not a regular file", null);
    }

    @Test
    void an_output_changed_after_the_worker_finished_is_refused_and_its_blob_removed() throws Exception {
        byte[] reported = scene.writeOutput("output.onnx");
        ObjectNode result = scene.result("output.onnx", reported);
        byte[] changed = scene.writeOutput("output.onnx");

        assertRefused(result, "sha256 or size mismatch", changed);
        assertThat(scene.workDir().resolve("output.onnx")).as("it had reached the blob store").doesNotExist();
        assertThat(scene.blobsHolding(reported)).isEmpty();
    }

    @Test
    void an_output_whose_size_differs_from_the_reported_size_is_refused_and_its_blob_removed() throws Exception {
        byte[] content = scene.writeOutput("output.onnx");
        ObjectNode result = scene.result("output.onnx", content).put("outputSizeBytes", content.length + 1);

        assertRefused(result, "sha256 or size mismatch", content);
    }

    @ParameterizedTest
    @ValueSource(strings = {"TORCHSCRIPT", "onnx", ""})
    void an_output_in_another_format_than_the_method_declares_is_refused_before_it_reaches_the_blob_store(
            String format) throws Exception {
        byte[] content = scene.writeOutput("output.onnx");
        ObjectNode result = scene.result("output.onnx", content).put("outputFormat", format);

        assertRefused(result, "method 'dynamic_int8' declares ONNX", content);
        assertThat(scene.workDir().resolve("output.onnx")).hasBinaryContent(content);
    }

    private void assertRefused(ObjectNode result, String reason, byte[] content) throws IOException {
        assertThatThrownBy(() -> committer.commit(scene.plan(), result, scene.workDir(), 250))
                .isInstanceOf(IOException.class)
                .hasMessageContaining(reason);
        Job job = scene.job();
        assertThat(job.getStatus()).isEqualTo(JobStatus.RUNNING);
        assertThat(job.getOutputModelId()).isNull();
        assertThat(job.getMetrics()).isNull();
        assertThat(scene.producedBlobKeys()).as("published model rows").isEmpty();
        assertThat(scene.metricRows()).isZero();
        if (content != null) {
            assertThat(scene.blobsHolding(content)).as("blobs holding the refused output").isEmpty();
        }
    }
}
