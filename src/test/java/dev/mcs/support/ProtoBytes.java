package dev.mcs.support;

import com.google.protobuf.CodedOutputStream;
import com.google.protobuf.WireFormat;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Arrays;

/**
 * Protobuf framing written by hand, for test models that protobuf's own serializer cannot write: too large to
 * hold, or nested deeper than its recursion allows. Concatenated fields form one message.
 */
public final class ProtoBytes {

    private ProtoBytes() {}

    /** The tag and length of a length-delimited field whose {@code length} payload bytes follow separately. */
    public static byte[] header(int field, long length) {
        try {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            CodedOutputStream out = CodedOutputStream.newInstance(bytes);
            out.writeTag(field, WireFormat.WIRETYPE_LENGTH_DELIMITED);
            out.writeUInt64NoTag(length);
            out.flush();
            return bytes.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A whole length-delimited field. */
    public static byte[] field(int field, byte[] payload) {
        return concat(header(field, payload.length), payload);
    }

    public static byte[] concat(byte[] first, byte[] second) {
        byte[] both = Arrays.copyOf(first, first.length + second.length);
        System.arraycopy(second, 0, both, first.length, second.length);
        return both;
    }
}
