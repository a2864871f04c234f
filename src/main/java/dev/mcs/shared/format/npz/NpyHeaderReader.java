package dev.mcs.shared.format.npz;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads the header of one NPY file (format versions 1.0, 2.0 and 3.0) and nothing more.
 *
 * <p>Hand-written because no well-kept Java library reads NPY; the format is small and documented
 * in numpy's {@code numpy.lib.format} module.
 */
final class NpyHeaderReader {

    private static final byte[] MAGIC = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y'};
    private static final int PREAMBLE_LENGTH = MAGIC.length + 2;
    // numpy itself refuses headers over 10000 bytes by default; a little slack, still no huge buffers.
    private static final int MAX_HEADER_LENGTH = 65_536;
    private static final Set<String> HEADER_KEYS = Set.of("descr", "fortran_order", "shape");

    private NpyHeaderReader() {
    }

    /** Consumes exactly the header bytes of {@code in}, leaving it at the first data byte. */
    static NpyHeader read(InputStream in, String arrayName) throws IOException {
        byte[] preamble = readFully(in, PREAMBLE_LENGTH, arrayName, "preamble");
        if (!startsWithMagic(preamble)) {
            throw NpzFormatException.forArray(arrayName, "bad magic: not an NPY file");
        }
        int major = preamble[6];
        int minor = preamble[7];
        if (major < 1 || major > 3 || minor != 0) {
            throw NpzFormatException.forArray(arrayName, "unsupported NPY version " + major + "." + minor);
        }
        int lengthFieldSize = major == 1 ? 2 : 4;
        long headerLength = readHeaderLength(readFully(in, lengthFieldSize, arrayName, "header length"));
        if (headerLength > MAX_HEADER_LENGTH) {
            throw NpzFormatException.forArray(arrayName, "header of " + headerLength + " bytes is too long");
        }
        byte[] headerBytes = readFully(in, (int) headerLength, arrayName, "header");
        String headerText = decode(headerBytes, major == 3 ? StandardCharsets.UTF_8 : StandardCharsets.ISO_8859_1,
                arrayName);
        long dataOffset = PREAMBLE_LENGTH + lengthFieldSize + headerLength;
        return interpret(NpyHeaderDictParser.parse(headerText, arrayName), dataOffset, arrayName);
    }

    private static NpyHeader interpret(Map<String, Object> dict, long dataOffset, String arrayName)
            throws NpzFormatException {
        if (!dict.keySet().equals(HEADER_KEYS)) {
            throw NpzFormatException.forArray(arrayName,
                    "header keys must be exactly descr, fortran_order and shape, found " + dict.keySet());
        }
        if (!(dict.get("descr") instanceof String descr)) {
            throw NpzFormatException.forArray(arrayName, "descr is not a string");
        }
        if (!(dict.get("fortran_order") instanceof Boolean fortranOrder)) {
            throw NpzFormatException.forArray(arrayName, "fortran_order is not True or False");
        }
        if (fortranOrder) {
            throw NpzFormatException.forArray(arrayName,
                    "Fortran-ordered arrays are not supported; save a C-ordered copy");
        }
        if (!(dict.get("shape") instanceof List<?> shape)) {
            throw NpzFormatException.forArray(arrayName, "shape is not a tuple");
        }
        NpyDtype dtype = dtypeOf(descr, arrayName);
        ByteOrder order = dtype.byteOrderFor(descr.charAt(0)).orElseThrow(
                () -> NpzFormatException.forArray(arrayName, "invalid byte order in dtype '" + descr + "'"));
        @SuppressWarnings("unchecked") List<Long> dims = (List<Long>) shape;
        return new NpyHeader(dtype, order, dims, dataOffset);
    }

    private static NpyDtype dtypeOf(String descr, String arrayName) throws NpzFormatException {
        if (descr.length() >= 2 && descr.charAt(1) == 'O') {
            throw NpzFormatException.forArray(arrayName, "object dtype is not supported (it needs Python pickles)");
        }
        return NpyDtype.forTypeCode(descr.length() == 3 ? descr.substring(1) : "")
                .orElseThrow(() -> NpzFormatException.forArray(arrayName, "unsupported dtype '" + descr
                        + "'; supported: float16/32/64, int8/16/32/64, uint8, bool"));
    }

    private static boolean startsWithMagic(byte[] preamble) {
        for (int i = 0; i < MAGIC.length; i++) {
            if (preamble[i] != MAGIC[i]) {
                return false;
            }
        }
        return true;
    }

    private static long readHeaderLength(byte[] field) {
        ByteBuffer buffer = ByteBuffer.wrap(field).order(ByteOrder.LITTLE_ENDIAN);
        return field.length == 2 ? Short.toUnsignedInt(buffer.getShort()) : Integer.toUnsignedLong(buffer.getInt());
    }

    private static String decode(byte[] bytes, Charset charset, String arrayName) throws NpzFormatException {
        try {
            return charset.newDecoder().decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            throw NpzFormatException.forArray(arrayName, "header is not valid " + charset.name());
        }
    }

    private static byte[] readFully(InputStream in, int length, String arrayName, String part) throws IOException {
        byte[] bytes = in.readNBytes(length);
        if (bytes.length < length) {
            throw NpzFormatException.forArray(arrayName, "file ends inside the NPY " + part);
        }
        return bytes;
    }
}
