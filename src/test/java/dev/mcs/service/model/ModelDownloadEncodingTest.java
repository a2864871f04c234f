package dev.mcs.service.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.when;

import dev.mcs.service.tenant.Tenant;
import dev.mcs.shared.format.ModelFormat;
import io.airlift.compress.zstd.ZstdInputStream;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.UUID;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.http.HttpHeaders;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.web.servlet.assertj.MockMvcTester;
import org.springframework.test.web.servlet.assertj.MvcTestResult;

/** Compressed model downloads: whole files in the coding the client accepts, ranges always of the plain file. */
@WebMvcTest(ModelController.class)
@AutoConfigureMockMvc(addFilters = false)
class ModelDownloadEncodingTest {

    private static final String CONTENT = "/api/v1/models/{id}/content";
    /** Several encoder chunks (64 KiB each) of content that compresses, like quantized weights, but not to nothing. */
    private static final byte[] FILE = weights(300_000);

    @Autowired
    MockMvcTester mvc;

    @MockitoBean
    ModelService models;

    @TempDir
    Path dir;

    @Test
    void aGzipDownloadDecompressesToTheExactFileAndSaysSoInItsHeaders() throws Exception {
        StoredModel stored = storedOnDisk();

        MvcTestResult result = mvc.get().uri(CONTENT, stored.getId()).header(HttpHeaders.ACCEPT_ENCODING, "gzip")
                .exchange();

        assertThat(result).hasStatusOk().hasHeader(HttpHeaders.CONTENT_ENCODING, "gzip")
                .hasHeader(HttpHeaders.ETAG, "W/\"" + sha256(FILE) + "-gzip\"")
                .doesNotContainHeader(HttpHeaders.CONTENT_LENGTH);
        assertThat(result.getResponse().getHeaders(HttpHeaders.VARY)).contains(HttpHeaders.ACCEPT_ENCODING);
        byte[] sent = result.getResponse().getContentAsByteArray();
        assertThat(sent.length).as("compressed").isLessThan(FILE.length * 3 / 4);
        assertThat(sha256(new GZIPInputStream(new ByteArrayInputStream(sent)).readAllBytes())).isEqualTo(sha256(FILE));
    }

    @Test
    void aZstdDownloadDecompressesToTheExactFileAndZstdIsPreferredOnEqualWeights() throws Exception {
        StoredModel stored = storedOnDisk();

        MvcTestResult result = mvc.get().uri(CONTENT, stored.getId())
                .header(HttpHeaders.ACCEPT_ENCODING, "gzip, deflate, br, zstd").exchange();

        assertThat(result).hasStatusOk().hasHeader(HttpHeaders.CONTENT_ENCODING, "zstd")
                .hasHeader(HttpHeaders.ETAG, "W/\"" + sha256(FILE) + "-zstd\"");
        byte[] sent = result.getResponse().getContentAsByteArray();
        try (InputStream decoded = new ZstdInputStream(new ByteArrayInputStream(sent))) {
            assertThat(sha256(decoded.readAllBytes())).isEqualTo(sha256(FILE));
        }
    }

    @Test
    void aHeadRequestGetsTheCompressedAnswersHeadersWithoutCompressingTheFile() throws Exception {
        StoredModel stored = storedOnDisk();

        MvcTestResult result = mvc.head().uri(CONTENT, stored.getId()).header(HttpHeaders.ACCEPT_ENCODING, "zstd")
                .exchange();

        assertThat(result).hasStatusOk().hasHeader(HttpHeaders.CONTENT_ENCODING, "zstd")
                .hasHeader(HttpHeaders.ETAG, "W/\"" + sha256(FILE) + "-zstd\"");
        assertThat(result.getResponse().getContentAsByteArray()).isEmpty();
    }

    @Test
    void aRangeRequestGetsThePlainBytesOfTheFileWhateverTheClientAccepts() throws Exception {
        StoredModel stored = storedOnDisk();

        MvcTestResult result = mvc.get().uri(CONTENT, stored.getId()).header(HttpHeaders.ACCEPT_ENCODING, "gzip, zstd")
                .header(HttpHeaders.RANGE, "bytes=1000-1999").exchange();

        assertThat(result).hasStatus(206).doesNotContainHeader(HttpHeaders.CONTENT_ENCODING)
                .hasHeader(HttpHeaders.CONTENT_RANGE, "bytes 1000-1999/" + FILE.length)
                .hasHeader(HttpHeaders.ETAG, "\"" + sha256(FILE) + "\"");
        assertThat(result.getResponse().getHeaders(HttpHeaders.VARY)).contains(HttpHeaders.ACCEPT_ENCODING);
        assertThat(result.getResponse().getContentAsByteArray()).isEqualTo(Arrays.copyOfRange(FILE, 1000, 2000));
    }

    @Test
    void theCompressedRepresentationsWeakETagAnswers304AndThePlainOneDoesNotMatchIt() throws Exception {
        StoredModel stored = storedOnDisk();
        String gzipTag = "W/\"" + sha256(FILE) + "-gzip\"";

        MvcTestResult same = mvc.get().uri(CONTENT, stored.getId()).header(HttpHeaders.ACCEPT_ENCODING, "gzip")
                .header(HttpHeaders.IF_NONE_MATCH, gzipTag).exchange();
        MvcTestResult other = mvc.get().uri(CONTENT, stored.getId()).header(HttpHeaders.ACCEPT_ENCODING, "gzip")
                .header(HttpHeaders.IF_NONE_MATCH, "\"" + sha256(FILE) + "\"").exchange();

        assertThat(same).hasStatus(304).hasHeader(HttpHeaders.ETAG, gzipTag);
        assertThat(same.getResponse().getContentAsByteArray()).isEmpty();
        assertThat(other).hasStatusOk().hasHeader(HttpHeaders.CONTENT_ENCODING, "gzip");
    }

    @Test
    void withoutAcceptEncodingTheFileGoesOutPlainWithItsLengthAndStrongETag() throws Exception {
        StoredModel stored = storedOnDisk();

        MvcTestResult result = mvc.get().uri(CONTENT, stored.getId()).exchange();

        assertThat(result).hasStatusOk().doesNotContainHeader(HttpHeaders.CONTENT_ENCODING)
                .hasHeader(HttpHeaders.CONTENT_LENGTH, Integer.toString(FILE.length))
                .hasHeader(HttpHeaders.ETAG, "\"" + sha256(FILE) + "\"");
        assertThat(result.getResponse().getHeaders(HttpHeaders.VARY)).contains(HttpHeaders.ACCEPT_ENCODING);
        assertThat(result.getResponse().getContentAsByteArray()).isEqualTo(FILE);
    }

    private StoredModel storedOnDisk() throws Exception {
        UUID id = UUID.randomUUID();
        StoredModel stored = new StoredModel(id, Tenant.DEFAULT_ID, "m.onnx", ModelFormat.ONNX, FILE.length,
                sha256(FILE), "models/" + id, Instant.EPOCH);
        Path file = Files.write(dir.resolve(id + ".bin"), FILE);
        when(models.get(id)).thenReturn(stored);
        when(models.localPath(stored)).thenReturn(file);
        return stored;
    }

    /** Small values with a few distinct bytes, as int8 weights have: compressible, not trivially so. */
    private static byte[] weights(int length) {
        byte[] content = new byte[length];
        long state = 42;
        for (int i = 0; i < length; i++) {
            state = state * 6364136223846793005L + 1442695040888963407L;
            content[i] = (byte) ((state >>> 60) - 8);
        }
        return content;
    }

    private static String sha256(byte[] content) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content));
    }
}
