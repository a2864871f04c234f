package dev.mcs.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mcs.support.LargeOnnxFile;
import dev.mcs.support.ServiceProcess;
import io.airlift.compress.zstd.ZstdInputStream;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A model far larger than the service's heap is uploaded as a raw body, downloaded half-way, and resumed with
 * {@code Range} + {@code If-Range}: the joined file has the right sha256, a stale {@code If-Range} gets the whole
 * file, and the service (256 MiB heap) stays healthy; the whole file compressed with gzip and with zstd decompresses
 * to the same sha256 (the service streams the coding, it never holds the file). 64 MiB in the default run, 1 GiB
 * benchmark-tagged.
 */
class LargeDownloadTest {

    private static final String SCHEMA = "mcs_test_large";
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @TempDir
    Path dir;

    @Test
    void aSixtyFourMebibyteModelDownloadsInTwoResumedHalvesWithTheRightSha256() throws Exception {
        roundTrip(64L << 20);
    }

    @Test
    @Tag("benchmark")
    void aOneGibibyteModelDownloadsInTwoResumedHalvesFromAServiceWithA256MebibyteHeap() throws Exception {
        roundTrip(1L << 30);
    }

    private void roundTrip(long payload) throws Exception {
        Path model = LargeOnnxFile.write(dir.resolve("large.onnx"), payload);
        try (ServiceProcess service = new ServiceProcess(dir.resolve("service"), SCHEMA, List.of("-Xmx256m"),
                List.of("--mcs.storage.max-upload-size=2GB", "--mcs.worker.heap=256MB")).start()) {
            String base = "http://localhost:" + service.port() + "/api/v1/models";
            JsonNode created = json(HTTP.send(HttpRequest.newBuilder(URI.create(base + "?name=large"))
                    .header("Content-Type", "application/octet-stream")
                    .POST(HttpRequest.BodyPublishers.ofFile(model)).build(), HttpResponse.BodyHandlers.ofString()));
            String content = base + "/" + created.path("id").asString() + "/content";
            String sha256 = created.path("sha256").asString();
            long size = Files.size(model);
            long half = size / 2;

            Path downloaded = dir.resolve("downloaded.onnx");
            HttpResponse<Path> first = HTTP.send(get(content, "bytes=0-" + (half - 1), null),
                    HttpResponse.BodyHandlers.ofFile(downloaded));
            assertThat(first.statusCode()).isEqualTo(206);
            HttpResponse<Path> rest = HTTP.send(get(content, "bytes=" + half + "-", "\"" + sha256 + "\""),
                    HttpResponse.BodyHandlers.ofFile(downloaded, StandardOpenOption.APPEND));
            assertThat(rest.statusCode()).isEqualTo(206);
            assertThat(rest.headers().firstValue("Content-Range")).hasValue("bytes " + half + "-" + (size - 1) + "/" + size);

            assertThat(sha256(downloaded)).isEqualTo(sha256).isEqualTo(sha256(model));
            HttpResponse<Void> stale = HTTP.send(get(content, "bytes=" + half + "-", "\"not-the-etag\""),
                    HttpResponse.BodyHandlers.discarding());
            assertThat(stale.statusCode()).as("a stale If-Range gets the whole file").isEqualTo(200);
            assertThat(stale.headers().firstValueAsLong("Content-Length")).hasValue(size);
            for (String coding : List.of("gzip", "zstd")) {
                assertThat(decompressedSha256(content, coding)).as(coding).isEqualTo(sha256);
            }
            assertThat(service.api().get("/actuator/health").getStatusCode().value()).isEqualTo(200);
        }
    }

    /** Reads the whole file in {@code coding} and hashes it as it decompresses, holding none of it. */
    private static String decompressedSha256(String uri, String coding) throws Exception {
        HttpResponse<InputStream> response = HTTP.send(HttpRequest.newBuilder(URI.create(uri))
                .header("Accept-Encoding", coding).GET().build(), HttpResponse.BodyHandlers.ofInputStream());
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Encoding")).hasValue(coding);
        assertThat(response.headers().firstValue("Content-Length")).as("streamed, length unknown").isEmpty();
        try (InputStream body = coding.equals("gzip") ? new GZIPInputStream(response.body(), 1 << 16)
                : new ZstdInputStream(response.body())) {
            return sha256(body);
        }
    }

    private static HttpRequest get(String uri, String range, String ifRange) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(uri)).header("Range", range);
        if (ifRange != null) {
            request.header("If-Range", ifRange);
        }
        return request.GET().build();
    }

    private static JsonNode json(HttpResponse<String> response) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
        return JsonMapper.builder().build().readTree(response.body());
    }

    private static String sha256(Path file) throws Exception {
        try (InputStream in = Files.newInputStream(file)) {
            return sha256(in);
        }
    }

    private static String sha256(InputStream content) throws Exception {
        MessageDigest digest = MessageDigest.getInstance("SHA-256");
        new DigestInputStream(content, digest).transferTo(java.io.OutputStream.nullOutputStream());
        return HexFormat.of().formatHex(digest.digest());
    }
}
