package dev.mcs.shared.format.npz;

import dev.mcs.shared.format.HalfFloat;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.Optional;

/** The numpy element types this reader understands, with their NPY type codes and decoders. */
enum NpyDtype {
    FLOAT16("float16", "f2", 2, true) {
        @Override float readFloat(ByteBuffer data) { return HalfFloat.toFloat(data.getShort()); }
    },
    FLOAT32("float32", "f4", 4, true) {
        @Override float readFloat(ByteBuffer data) { return data.getFloat(); }
    },
    FLOAT64("float64", "f8", 8, true) {
        @Override float readFloat(ByteBuffer data) { return (float) data.getDouble(); }
    },
    INT8("int8", "i1", 1, false) {
        @Override long readLong(ByteBuffer data) { return data.get(); }
    },
    UINT8("uint8", "u1", 1, false) {
        @Override long readLong(ByteBuffer data) { return Byte.toUnsignedLong(data.get()); }
    },
    INT16("int16", "i2", 2, false) {
        @Override long readLong(ByteBuffer data) { return data.getShort(); }
    },
    INT32("int32", "i4", 4, false) {
        @Override long readLong(ByteBuffer data) { return data.getInt(); }
    },
    INT64("int64", "i8", 8, false) {
        @Override long readLong(ByteBuffer data) { return data.getLong(); }
    },
    BOOL("bool", "b1", 1, false) {
        // numpy itself only writes 0 and 1; any other byte is still "true" there.
        @Override long readLong(ByteBuffer data) { return data.get() != 0 ? 1 : 0; }
    };

    private final String numpyName;
    private final String typeCode;
    private final int itemSize;
    private final boolean floatingPoint;

    NpyDtype(String numpyName, String typeCode, int itemSize, boolean floatingPoint) {
        this.numpyName = numpyName;
        this.typeCode = typeCode;
        this.itemSize = itemSize;
        this.floatingPoint = floatingPoint;
    }

    String numpyName() {
        return numpyName;
    }

    int itemSize() {
        return itemSize;
    }

    boolean isFloatingPoint() {
        return floatingPoint;
    }

    /** Reads one element as float; integer types round to the nearest float. */
    float readFloat(ByteBuffer data) {
        return readLong(data);
    }

    /** Reads one element as long; only integer and bool types override this. */
    long readLong(ByteBuffer data) {
        throw new IllegalStateException(numpyName + " is not an integer type");
    }

    static Optional<NpyDtype> forTypeCode(String typeCode) {
        return Arrays.stream(values()).filter(d -> d.typeCode.equals(typeCode)).findFirst();
    }

    /** Byte order for an NPY byte-order character; {@code |} ("not applicable") only fits 1-byte types. */
    Optional<ByteOrder> byteOrderFor(char orderChar) {
        switch (orderChar) {
            case '<':
                return Optional.of(ByteOrder.LITTLE_ENDIAN);
            case '>':
                return Optional.of(ByteOrder.BIG_ENDIAN);
            case '|':
                return itemSize == 1 ? Optional.of(ByteOrder.LITTLE_ENDIAN) : Optional.empty();
            default:
                return Optional.empty();
        }
    }
}
