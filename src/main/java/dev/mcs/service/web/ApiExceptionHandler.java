package dev.mcs.service.web;

import dev.mcs.service.storage.BlobTooLargeException;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.validation.FieldError;
import org.springframework.web.bind.MethodArgumentNotValidException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
import org.springframework.web.multipart.MaxUploadSizeExceededException;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;

/** The one place where errors become RFC 9457 problem details. */
@RestControllerAdvice
class ApiExceptionHandler extends ResponseEntityExceptionHandler {

    private static final Logger log = LoggerFactory.getLogger(ApiExceptionHandler.class);
    /** The extension member that, where a problem has it, also becomes the {@code Retry-After} header. */
    private static final String RETRY_AFTER_SECONDS = "retryAfterSeconds";

    @ExceptionHandler(ApiException.class)
    ResponseEntity<ProblemDetail> handleApi(ApiException e) {
        ResponseEntity<ProblemDetail> response = respond(ProblemDetails.of(e.type(), e.getMessage(), e.properties()));
        Object retryAfter = e.properties().get(RETRY_AFTER_SECONDS);
        return retryAfter == null ? response : ResponseEntity.status(response.getStatusCode())
                .headers(response.getHeaders()).header(HttpHeaders.RETRY_AFTER, retryAfter.toString())
                .body(response.getBody());
    }

    @ExceptionHandler(BlobTooLargeException.class)
    ResponseEntity<ProblemDetail> handleTooLarge(BlobTooLargeException e) {
        return respond(tooLarge(e.limitBytes()));
    }

    @ExceptionHandler(MethodArgumentTypeMismatchException.class)
    ResponseEntity<ProblemDetail> handleTypeMismatch(MethodArgumentTypeMismatchException e) {
        String detail = "'" + e.getName() + "' has an invalid value '" + e.getValue() + "'";
        return respond(ProblemDetails.of(ProblemType.INVALID_REQUEST, detail, Map.of("field", e.getName())));
    }

    @ExceptionHandler(Exception.class)
    ResponseEntity<ProblemDetail> handleUnexpected(Exception e) {
        if (DatabaseOutage.causedBy(e)) {
            return databaseDown(e);
        }
        log.error("unexpected error", e);
        return respond(ProblemDetails.of(ProblemType.INTERNAL_ERROR, "an unexpected error occurred"));
    }

    /** The database is down or restarting: nothing was changed, and the same request may be sent again. */
    private static ResponseEntity<ProblemDetail> databaseDown(Exception e) {
        log.warn("database unavailable: {}", e.getMessage());
        return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE).contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .header(HttpHeaders.RETRY_AFTER, DatabaseOutage.RETRY_AFTER_SECONDS)
                .body(ProblemDetails.of(ProblemType.DATABASE_UNAVAILABLE, DatabaseOutage.DETAIL));
    }

    @Override
    protected ResponseEntity<Object> handleMaxUploadSizeExceededException(
            MaxUploadSizeExceededException e, HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        return asObject(respond(tooLarge(e.getMaxUploadSize())));
    }

    @Override
    protected ResponseEntity<Object> handleMethodArgumentNotValid(
            MethodArgumentNotValidException e, HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        List<FieldError> errors = e.getBindingResult().getFieldErrors();
        String field = errors.isEmpty() ? "(body)" : errors.get(0).getField();
        String detail = errors.stream().map(error -> "'" + error.getField() + "' " + error.getDefaultMessage())
                .collect(Collectors.joining("; "));
        return asObject(respond(ProblemDetails.of(ProblemType.INVALID_REQUEST,
                detail.isEmpty() ? "the request body is invalid" : detail, Map.of("field", field))));
    }

    @Override
    protected ResponseEntity<Object> handleHttpMessageNotReadable(
            HttpMessageNotReadableException e, HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        return asObject(respond(JsonErrorDescriber.describe(e)));
    }

    @Override
    protected ResponseEntity<Object> createResponseEntity(
            Object body, HttpHeaders headers, HttpStatusCode statusCode, WebRequest request) {
        if (body instanceof ProblemDetail problem
                && (problem.getType() == null || "about:blank".equals(problem.getType().toString()))) {
            problem.setType(typeFor(statusCode).uri());
        }
        return ResponseEntity.status(statusCode).headers(headers).contentType(MediaType.APPLICATION_PROBLEM_JSON).body(body);
    }

    /** Spring's own refusals (unknown URL, wrong method or media type) get stable types like ours. */
    private static ProblemType typeFor(HttpStatusCode status) {
        return switch (status.value()) {
            case 404 -> ProblemType.NOT_FOUND;
            case 405 -> ProblemType.METHOD_NOT_ALLOWED;
            case 406 -> ProblemType.NOT_ACCEPTABLE;
            case 415 -> ProblemType.UNSUPPORTED_MEDIA_TYPE;
            default -> ProblemType.INVALID_REQUEST;
        };
    }

    private static ProblemDetail tooLarge(long limit) {
        String detail = "the upload exceeds the limit of " + limit + " bytes";
        return ProblemDetails.of(ProblemType.PAYLOAD_TOO_LARGE, detail, Map.of("limitBytes", limit));
    }

    private static ResponseEntity<ProblemDetail> respond(ProblemDetail problem) {
        return ResponseEntity.status(problem.getStatus()).contentType(MediaType.APPLICATION_PROBLEM_JSON).body(problem);
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static ResponseEntity<Object> asObject(ResponseEntity<ProblemDetail> response) {
        return (ResponseEntity) response;
    }
}
