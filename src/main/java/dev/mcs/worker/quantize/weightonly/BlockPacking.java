package dev.mcs.worker.quantize.weightonly;


/** Packs unsigned codes into bytes the way ORT's MatMulNBits and the ONNX int4/uint4 types expect. */
final class BlockPacking {

    private BlockPacking() {
    }

    /** 8-bit codes one per byte; 4-bit codes two per byte, the earlier element in the low nibble. */
    static void pack(int[] codes, int bits, byte[] out, int offset) {
        if (bits == 8) {
            for (int i = 0; i < codes.length; i++) {
                out[offset + i] = (byte) codes[i];
            }
            return;
        }
        for (int i = 0; i < codes.length; i++) {
            int shift = (i & 1) * 4;
            out[offset + i / 2] |= (byte) ((codes[i] & 0xF) << shift);
        }
    }

    static int packedBytes(int count, int bits) {
        return (count * bits + 7) / 8;
    }
}
