package dev.mcs.shared.format.onnx;

import com.google.protobuf.CodedInputStream;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.WireFormat;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * A forward-only protobuf reader that validates framing and explains failures in ONNX terms.
 *
 * <p>It keeps a stack of the length-delimited fields it is inside so that a truncation found deep in
 * a nested tensor can be reported against the outermost field whose declared length overruns the input.
 */
final class ProtoReader {

    /** Strings we keep (names, domains) are short; anything longer is cut so memory stays bounded. */
    private static final int MAX_KEPT_STRING_BYTES = 1024;

    private final CountingInputStream counter;
    private final CodedInputStream in;
    private final Deque<Frame> frames = new ArrayDeque<>();

    private record Frame(String field, long start, int length) {
    }

    @FunctionalInterface
    interface Body {
        void read() throws IOException;
    }

    ProtoReader(InputStream source) {
        this.counter = new CountingInputStream(source);
        this.in = CodedInputStream.newInstance(counter);
        this.in.setSizeLimit(Integer.MAX_VALUE);
    }

    long position() {
        return in.getTotalBytesRead();
    }

    boolean sawNoBytes() throws IOException {
        return in.isAtEnd() && counter.count() == 0;
    }

    /** Next tag of the current message, or 0 at its end (or at end of input). */
    int readTag() throws IOException {
        long at = position();
        int tag = in.readTag();
        int wireType = WireFormat.getTagWireType(tag);
        if (tag != 0 && wireType != WireFormat.WIRETYPE_VARINT && wireType != WireFormat.WIRETYPE_FIXED64
                && wireType != WireFormat.WIRETYPE_LENGTH_DELIMITED && wireType != WireFormat.WIRETYPE_FIXED32) {
            throw new OnnxFormatException("not a valid ONNX model: field " + WireFormat.getTagFieldNumber(tag)
                    + " at byte " + at + " has wire type " + wireType + ", which ONNX does not use");
        }
        return tag;
    }

    static int field(int tag) {
        return WireFormat.getTagFieldNumber(tag);
    }

    void skip(int tag) throws IOException {
        in.skipField(tag);
    }

    long readVarint(int tag, String name) throws IOException {
        expect(tag, WireFormat.WIRETYPE_VARINT, name);
        return in.readInt64();
    }

    String readString(int tag, String name) throws IOException {
        expect(tag, WireFormat.WIRETYPE_LENGTH_DELIMITED, name);
        int length = checkedLength(label(tag, name));
        int kept = Math.min(length, MAX_KEPT_STRING_BYTES);
        String value = new String(in.readRawBytes(kept), StandardCharsets.UTF_8);
        in.skipRawBytes(length - kept);
        return value;
    }

    /** Reads a length-delimited sub-message, letting {@code body} consume its fields. */
    void message(int tag, String name, Body body) throws IOException {
        expect(tag, WireFormat.WIRETYPE_LENGTH_DELIMITED, name);
        String label = label(tag, name);
        int length = checkedLength(label);
        frames.push(new Frame(label, position(), length));
        int oldLimit = in.pushLimit(length);
        body.read();
        if (in.getBytesUntilLimit() > 0) {
            // readTag returned 0 before the declared end: the input ran out inside this message.
            throw truncated();
        }
        in.popLimit(oldLimit);
        frames.pop();
    }

    /** Turns a decoder failure into a message that says where the model is broken. */
    OnnxFormatException explain(InvalidProtocolBufferException e) {
        if (String.valueOf(e.getMessage()).contains("ended unexpectedly")) {
            return truncated();
        }
        return new OnnxFormatException("not a valid ONNX model: " + e.getMessage() + " (near byte " + position() + ")");
    }

    private void expect(int tag, int wireType, String name) throws OnnxFormatException {
        if (WireFormat.getTagWireType(tag) != wireType) {
            throw new OnnxFormatException("not a valid ONNX model: " + label(tag, name)
                    + " has wire type " + WireFormat.getTagWireType(tag) + ", expected " + wireType);
        }
    }

    private static String label(int tag, String name) {
        return "field " + field(tag) + " (" + name + ")";
    }

    private int checkedLength(String name) throws IOException {
        int length = in.readRawVarint32();
        if (length < 0) {
            throw new OnnxFormatException("not a valid ONNX model: " + name + " declares a negative length");
        }
        int room = in.getBytesUntilLimit();
        if (room >= 0 && length > room && !frames.isEmpty()) {
            throw new OnnxFormatException("not a valid ONNX model: " + name + " declares " + length
                    + " bytes but its enclosing " + frames.peek().field() + " has only " + room + " left");
        }
        if (position() + (long) length > Integer.MAX_VALUE) {
            throw new OnnxFormatException("ONNX model is larger than the 2 GB protobuf limit");
        }
        return length;
    }

    private OnnxFormatException truncated() {
        long total = counter.count();
        for (var it = frames.descendingIterator(); it.hasNext(); ) {
            Frame frame = it.next();
            if (frame.start() + frame.length() > total) {
                return new OnnxFormatException("truncated ONNX model: " + frame.field() + " declares "
                        + frame.length() + " bytes but " + (total - frame.start()) + " remain");
            }
        }
        return new OnnxFormatException("truncated ONNX model: the input ends in the middle of a field at byte " + total);
    }
}
