package dev.mcs.service.web;

import java.util.Map;
import org.springframework.data.domain.PageRequest;
import org.springframework.data.domain.Pageable;

/** Validates paging parameters the same way for every list endpoint. */
public final class Paging {

    /** Largest page a client may ask for. */
    public static final int MAX_SIZE = 200;

    private Paging() {}

    public static Pageable of(int page, int size) {
        if (page < 0) {
            throw new ApiException(ProblemType.INVALID_REQUEST, "'page' must be >= 0", Map.of("field", "page"));
        }
        if (size < 1 || size > MAX_SIZE) {
            throw new ApiException(ProblemType.INVALID_REQUEST, "'size' must be between 1 and " + MAX_SIZE,
                    Map.of("field", "size"));
        }
        return PageRequest.of(page, size);
    }
}
