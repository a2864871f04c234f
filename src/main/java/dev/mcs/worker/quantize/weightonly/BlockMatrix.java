package dev.mcs.worker.quantize.weightonly;

import dev.mcs.worker.quantize.core.FloatMatrix;

/**
 * A MatMul weight quantized block-wise along K, laid out for ORT's {@code MatMulNBits}: for each output
 * column n and block b, the codes of rows b×blockSize … (b+1)×blockSize−1 (the last block padded with the
 * zero point), packed into {@code blobSize} bytes; one scale per (n, b); integer zero points packed per
 * column the same way as the codes (only when asymmetric).
 */
record BlockMatrix(int k, int n, int bits, int blockSize, int blocks, byte[] packed, float[] scales,
                   byte[] zeroPoints) {

    int blobSize() {
        return blockSize * bits / 8;
    }

    int zeroPointBytesPerColumn() {
        return BlockPacking.packedBytes(blocks, bits);
    }

    /** @param transposed the matrix is stored [N,K] (Gemm transB=1) instead of [K,N] */
    static BlockMatrix quantize(FloatMatrix w, boolean transposed, int blockSize, int bits, BlockQuantizer quantizer) {
        int k = transposed ? w.cols() : w.rows();
        int n = transposed ? w.rows() : w.cols();
        int blocks = (k + blockSize - 1) / blockSize;
        int blob = blockSize * bits / 8;
        int zpBytes = BlockPacking.packedBytes(blocks, bits);
        byte[] packed = new byte[n * blocks * blob];
        float[] scales = new float[n * blocks];
        byte[] zeroPoints = quantizer.symmetric() ? null : new byte[n * zpBytes];
        // Columns are independent and write disjoint byte ranges, so they are quantized in parallel (HQQ is costly).
        java.util.stream.IntStream.range(0, n).parallel().forEach(col -> {
            int[] zeros = new int[blocks];
            for (int b = 0; b < blocks; b++) {
                float[] values = slice(w, transposed, col, b * blockSize, Math.min(k, (b + 1) * blockSize));
                BlockQuantizer.Block q = quantizer.quantize(values);
                scales[col * blocks + b] = q.scale();
                zeros[b] = q.zeroPoint();
                BlockPacking.pack(padded(q, blockSize), bits, packed, (col * blocks + b) * blob);
            }
            if (zeroPoints != null) {
                BlockPacking.pack(zeros, bits, zeroPoints, col * zpBytes);
            }
        });
        return new BlockMatrix(k, n, bits, blockSize, blocks, packed, scales, zeroPoints);
    }

    private static float[] slice(FloatMatrix w, boolean transposed, int col, int from, int to) {
        float[] values = new float[to - from];
        float[] v = w.values();
        for (int row = from; row < to; row++) {
            values[row - from] = transposed ? v[col * w.cols() + row] : v[row * w.cols() + col];
        }
        return values;
    }

    private static int[] padded(BlockQuantizer.Block q, int blockSize) {
        int[] codes = new int[blockSize];
        java.util.Arrays.fill(codes, q.zeroPoint());
        System.arraycopy(q.codes(), 0, codes, 0, q.codes().length);
        return codes;
    }
}
