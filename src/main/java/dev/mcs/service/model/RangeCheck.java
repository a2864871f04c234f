package dev.mcs.service.model;

import java.util.List;
import org.springframework.http.HttpRange;

/**
 * Decides up front whether a {@code Range} header can be served, so that an unsatisfiable range
 * gets a 416 problem instead of Spring falling back to the whole file.
 */
final class RangeCheck {

    private RangeCheck() {}

    /**
     * Whether a {@code Range} header is to be honoured under RFC 9110's {@code If-Range}: only when the validator
     * is absent or is our strong ETag. A date validator never matches, since no Last-Modified is sent.
     */
    static boolean rangeApplies(String ifRange, String etag) {
        return ifRange == null || ifRange.isBlank() || ifRange.strip().equals(etag);
    }

    static boolean satisfiable(String rangeHeader, long length) {
        if (rangeHeader == null || rangeHeader.isBlank()) {
            return true;
        }
        try {
            List<HttpRange> ranges = HttpRange.parseRanges(rangeHeader);
            return ranges.stream().allMatch(range -> {
                try {
                    long start = range.getRangeStart(length);
                    return start < length && start <= range.getRangeEnd(length);
                } catch (IllegalArgumentException e) {
                    return false;
                }
            });
        } catch (IllegalArgumentException e) {
            return false;
        }
    }
}
