package dev.mcs.service.dataset;

import dev.mcs.service.web.ApiException;
import dev.mcs.service.web.PageResponse;
import dev.mcs.service.web.Paging;
import dev.mcs.service.web.ProblemType;
import dev.mcs.service.web.Problems;
import io.swagger.v3.oas.annotations.headers.Header;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import org.springframework.http.HttpHeaders;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.io.IOException;
import java.net.URI;
import java.util.UUID;
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
import org.springframework.web.multipart.MultipartFile;

@RestController
@RequestMapping("/api/v1/datasets")
@Tag(name = "Datasets", description = "NPZ datasets for calibration and evaluation")
class DatasetController {

    private final DatasetService datasets;

    DatasetController(DatasetService datasets) {
        this.datasets = datasets;
    }

    @PostMapping(consumes = MediaType.MULTIPART_FORM_DATA_VALUE)
    @Operation(operationId = "uploadDataset", summary = "Upload a numpy .npz archive (multipart field 'file')",
            description = "Arrays keyed by model input name, optional 'labels'; checked before it is stored.")
    @ApiResponse(responseCode = "201", description = "Stored",
            headers = @Header(name = HttpHeaders.LOCATION, description = "The new resource's URL",
                    schema = @Schema(type = "string", format = "uri-reference")))
    @Problems({400, 413, 415, 422})
    ResponseEntity<DatasetResponse> upload(@RequestPart("file") MultipartFile file,
            @RequestParam(name = "name", required = false) String name) throws IOException {
        if (file.isEmpty()) {
            throw new ApiException(ProblemType.INVALID_REQUEST, "the uploaded file is empty");
        }
        Dataset dataset = datasets.upload(file.getInputStream(), name, file.getOriginalFilename());
        return ResponseEntity.created(URI.create("/api/v1/datasets/" + dataset.getId())).body(datasets.view(dataset));
    }

    @GetMapping
    @Operation(operationId = "listDatasets", summary = "List datasets, newest first")
    @Problems(400)
    PageResponse<DatasetResponse> list(@RequestParam(defaultValue = "0") int page,
            @RequestParam(defaultValue = "20") int size) {
        return PageResponse.of(datasets.list(Paging.of(page, size)), datasets::view);
    }

    @GetMapping("/{id}")
    @Operation(operationId = "getDataset", summary = "Get a dataset's arrays and sample count")
    @Problems({400, 404})
    DatasetResponse get(@PathVariable UUID id) {
        return datasets.view(datasets.get(id));
    }

    @DeleteMapping("/{id}")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    @Operation(operationId = "deleteDataset", summary = "Delete a dataset",
            description = "409 while a queued or running job uses it.")
    @ApiResponse(responseCode = "204", description = "Deleted")
    @Problems({400, 404, 409})
    void delete(@PathVariable UUID id) {
        datasets.delete(id);
    }
}
