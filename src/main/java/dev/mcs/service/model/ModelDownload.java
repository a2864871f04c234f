package dev.mcs.service.model;

import dev.mcs.service.web.ProblemDetails;
import dev.mcs.service.web.ProblemType;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.springframework.core.io.FileSystemResource;
import org.springframework.core.io.InputStreamResource;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.context.request.ServletWebRequest;

/**
 * One model download: conditional ({@code If-None-Match}), ranged ({@code Range}, {@code If-Range}) and content-coded
 * ({@code Accept-Encoding}). Ranges are byte ranges of the file itself, so a request with {@code Range} is answered
 * uncoded; a whole-file answer is coded when the client accepts zstd or gzip, streamed as it is compressed, with its
 * own weak ETag. Every answer says {@code Vary: Accept-Encoding}, since the coding depends on it.
 */
final class ModelDownload {

    private final StoredModel model;
    private final Path file;
    private final ServletWebRequest request;

    ModelDownload(StoredModel model, Path file, ServletWebRequest request) {
        this.model = model;
        this.file = file;
        this.request = request;
    }

    ResponseEntity<?> respond() throws IOException {
        String range = request.getHeader(HttpHeaders.RANGE);
        ContentCoding coding = range == null || range.isBlank()
                ? ContentCoding.negotiate(request.getHeader(HttpHeaders.ACCEPT_ENCODING)) : ContentCoding.IDENTITY;
        String etag = coding.etag(model.getSha256());
        if (request.checkNotModified(etag)) {
            return ResponseEntity.status(HttpStatus.NOT_MODIFIED).eTag(etag).varyBy(HttpHeaders.ACCEPT_ENCODING).build();
        }
        boolean rangeApplies = RangeCheck.rangeApplies(request.getHeader(HttpHeaders.IF_RANGE),
                ContentCoding.IDENTITY.etag(model.getSha256()));
        if (rangeApplies && !RangeCheck.satisfiable(range, model.getSizeBytes())) {
            return unsatisfiable();
        }
        ResponseEntity.BodyBuilder response = ok(etag);
        if (coding != ContentCoding.IDENTITY) {
            response.header(HttpHeaders.CONTENT_ENCODING, coding.token());
            // Length unknown until compressed: sent chunked, produced as the client reads; HEAD compresses nothing.
            return HttpMethod.HEAD.matches(request.getRequest().getMethod()) ? response.build()
                    : response.body(new InputStreamResource(coding.encode(Files.newInputStream(file))));
        }
        if (!rangeApplies) {
            // A stream is a body Spring never cuts into ranges: the changed file goes out whole (RFC 9110 If-Range).
            return response.contentLength(model.getSizeBytes())
                    .body(new InputStreamResource(Files.newInputStream(file)));
        }
        return response.body(new FileSystemResource(file));
    }

    private ResponseEntity<?> unsatisfiable() {
        return ResponseEntity.status(HttpStatus.REQUESTED_RANGE_NOT_SATISFIABLE)
                .header(HttpHeaders.CONTENT_RANGE, "bytes */" + model.getSizeBytes())
                .varyBy(HttpHeaders.ACCEPT_ENCODING)
                .contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .body(ProblemDetails.of(ProblemType.RANGE_NOT_SATISFIABLE,
                        "the requested range lies outside the " + model.getSizeBytes() + "-byte file"));
    }

    private ResponseEntity.BodyBuilder ok(String etag) {
        return ResponseEntity.ok()
                .eTag(etag)
                .varyBy(HttpHeaders.ACCEPT_ENCODING)
                .header(HttpHeaders.CONTENT_DISPOSITION, ContentDisposition.attachment()
                        .filename(ModelNames.downloadFileName(model)).build().toString())
                .header(HttpHeaders.ACCEPT_RANGES, "bytes")
                .contentType(MediaType.APPLICATION_OCTET_STREAM);
    }
}
