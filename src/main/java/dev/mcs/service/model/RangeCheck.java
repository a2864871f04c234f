package dev.mcs.service.model;

import java.util.List;
import org.springframework.http.HttpRange;

/**
 * Decides up front whether a {@code Range} header can be served, so that an unsatisfiable range
 * gets a 416 problem instead of Spring falling back to the whole file.
 */
final class RangeCheck {

    private RangeCheck() {}

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
