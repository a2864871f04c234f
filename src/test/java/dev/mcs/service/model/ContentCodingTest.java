package dev.mcs.service.model;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Which coding a download is sent in, from the request's Accept-Encoding (RFC 9110 §12.5.3). */
class ContentCodingTest {

    @ParameterizedTest(name = "[{0}] -> {1}")
    @CsvSource(delimiter = '|', nullValues = "NULL", value = {
        "NULL                          | IDENTITY",
        "''                            | IDENTITY",
        "gzip                          | GZIP",
        "x-gzip                        | GZIP",
        "GZIP                          | GZIP",
        "zstd                          | ZSTD",
        "gzip, deflate, br, zstd       | ZSTD",
        "gzip;q=1.0, zstd;q=0.5        | GZIP",
        "zstd;q=0, gzip                | GZIP",
        "gzip;q=0                      | IDENTITY",
        "br, deflate                   | IDENTITY",
        "*                             | ZSTD",
        "identity                      | IDENTITY",
        "gzip;q=0.5, identity          | IDENTITY",
        "gzip;q=0.5                    | GZIP",
        "gzip;q=nonsense               | IDENTITY"})
    void theClientsHighestWeightWinsAndTheServerPrefersZstdOnTies(String header, ContentCoding expected) {
        assertThat(ContentCoding.negotiate(header)).isEqualTo(expected);
    }
}
