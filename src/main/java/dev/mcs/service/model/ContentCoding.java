package dev.mcs.service.model;

import io.airlift.compress.zstd.ZstdOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.zip.Deflater;
import java.util.zip.GZIPOutputStream;

/**
 * The content codings a model download may be sent in, chosen from the request's {@code Accept-Encoding}
 * (RFC 9110 §12.5.3). Each coded representation has its own weak ETag: the coded bytes depend on the compressor's
 * version, so they are not promised byte for byte, and weak tags are never used for ranges.
 */
enum ContentCoding {
    /** Pure-Java zstd (aircompressor): several times faster than gzip at a like ratio, no native code in the service. */
    ZSTD("zstd"),
    /** zlib's fastest level: model weights barely compress better at higher levels, which cost several times more. */
    GZIP("gzip"),
    IDENTITY("identity");

    /** The server's preference among codings the client weighs equally. */
    private static final List<ContentCoding> PREFERENCE = List.of(ZSTD, GZIP, IDENTITY);
    private static final int BUFFER = 64 * 1024;
    private static final double IMPLICIT_IDENTITY = 0.001;

    private final String token;

    ContentCoding(String token) {
        this.token = token;
    }

    /** The {@code Content-Encoding} value; identity sends none. */
    String token() {
        return token;
    }

    /** The coding with the highest weight the client gives, the server's preference breaking ties. */
    static ContentCoding negotiate(String acceptEncoding) {
        if (acceptEncoding == null || acceptEncoding.isBlank()) {
            return IDENTITY;
        }
        Map<String, Double> weights = weights(acceptEncoding);
        ContentCoding best = IDENTITY;
        double bestWeight = 0;
        for (ContentCoding coding : PREFERENCE) {
            double weight = weight(weights, coding);
            if (weight > bestWeight) {
                best = coding;
                bestWeight = weight;
            }
        }
        return best;
    }

    /** The representation's ETag: the quoted sha256 of the file for identity, a weak tag per coding otherwise. */
    String etag(String sha256) {
        return this == IDENTITY ? "\"" + sha256 + "\"" : "W/\"" + sha256 + "-" + token + "\"";
    }

    /** The file's bytes in this coding, produced as they are read: nothing is held beyond a few buffers. */
    InputStream encode(InputStream file) {
        return switch (this) {
            case IDENTITY -> file;
            case GZIP -> new EncodingInputStream(file, ContentCoding::fastGzip);
            case ZSTD -> new EncodingInputStream(file, ZstdOutputStream::new);
        };
    }

    private static OutputStream fastGzip(OutputStream out) throws IOException {
        return new GZIPOutputStream(out, BUFFER) {
            {
                def.setLevel(Deflater.BEST_SPEED);
            }
        };
    }

    private static double weight(Map<String, Double> weights, ContentCoding coding) {
        Double given = weights.get(coding.token);
        if (given == null && coding == GZIP) {
            given = weights.get("x-gzip");
        }
        if (given != null) {
            return given;
        }
        double any = weights.getOrDefault("*", 0.0);
        // identity stays acceptable unless excluded by name or by "*;q=0" (RFC 9110 §12.5.3), but a client that
        // names codings and not identity prefers them: it gets the lowest weight a header can give
        return coding == IDENTITY && (any > 0 || !weights.containsKey("*")) ? IMPLICIT_IDENTITY : any;
    }

    private static Map<String, Double> weights(String header) {
        Map<String, Double> weights = new HashMap<>();
        for (String member : header.split(",")) {
            String[] fields = member.split(";");
            String name = fields[0].strip().toLowerCase(Locale.ROOT);
            double q = 1;
            for (int i = 1; i < fields.length; i++) {
                String field = fields[i].strip().toLowerCase(Locale.ROOT);
                if (field.startsWith("q=")) {
                    q = quality(field.substring(2));
                }
            }
            if (!name.isEmpty()) {
                weights.put(name, q);
            }
        }
        return weights;
    }

    private static double quality(String value) {
        try {
            double q = Double.parseDouble(value.strip());
            return q >= 0 && q <= 1 ? q : 0;
        } catch (NumberFormatException e) {
            return 0;
        }
    }
}
