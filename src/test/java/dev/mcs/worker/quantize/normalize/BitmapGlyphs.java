package dev.mcs.worker.quantize.normalize;

/**
 * A 5×7 bitmap font (digits and capital letters), so test images can carry real character shapes without
 * depending on the fonts a machine happens to have installed. Rendered with 3×3 supersampling, which gives
 * the soft, anti-aliased edges of scanned or photographed print.
 */
final class BitmapGlyphs {

    static final int COLUMNS = 5;
    static final int ROWS = 7;
    private static final int SUPERSAMPLE = 3;

    private static final String[] GLYPHS = {
        "01110100011001110101110011000101110", // 0
        "00100011000010000100001000010001110", // 1
        "01110100010000100010001000100011111", // 2
        "11111000100010000010000011000101110", // 3
        "00010001100101010010111110001000010", // 4
        "11111100001111000001000011000101110", // 5
        "00110010001000011110100011000101110", // 6
        "11111000010001000100010000100001000", // 7
        "01110100011000101110100011000101110", // 8
        "01110100011000101111000010001001100", // 9
        "01110100011000111111100011000110001", // A
        "11110100011000111110100011000111110", // B
        "01110100011000010000100001000101110", // C
        "11100100101000110001100011001011100", // D
        "11111100001000011110100001000011111", // E
        "11111100001000011110100001000010000", // F
        "01110100011000010111100011000101111", // G
        "10001100011000111111100011000110001", // H
        "01110001000010000100001000010001110", // I
        "00111000100001000010000101001001100", // J
        "10001100101010011000101001001010001", // K
        "10000100001000010000100001000011111", // L
        "10001110111010110101100011000110001", // M
        "10001100011100110101100111000110001", // N
        "01110100011000110001100011000101110", // O
        "11110100011000111110100001000010000", // P
        "11110100011000111110101001001010001", // R
        "01111100001000001110000010000111110", // S
        "11111001000010000100001000010000100", // T
        "10001100011000110001100011000101110", // U
        "10001100011000110001100010101000100", // V
        "10001100011000110101101011010101010", // W
        "10001100010101000100010101000110001", // X
        "10001100010101000100001000010000100", // Y
    };

    private BitmapGlyphs() {
    }

    static int count() {
        return GLYPHS.length;
    }

    /**
     * Darkens {@code page} (row-major, {@code width} wide) with glyph {@code glyph} scaled to a box of
     * {@code boxWidth} × {@code boxHeight} pixels at ({@code left}, {@code top}); coverage blends {@code ink} in.
     */
    static void draw(float[] page, int width, int height, int glyph, int left, int top, int boxWidth, int boxHeight,
                     float ink) {
        String bits = GLYPHS[glyph];
        for (int y = Math.max(0, top); y < Math.min(height, top + boxHeight); y++) {
            for (int x = Math.max(0, left); x < Math.min(width, left + boxWidth); x++) {
                float cover = coverage(bits, (x - left), (y - top), boxWidth, boxHeight);
                int i = y * width + x;
                page[i] = page[i] * (1 - cover) + ink * cover;
            }
        }
    }

    private static float coverage(String bits, int x, int y, int boxWidth, int boxHeight) {
        int hits = 0;
        for (int sy = 0; sy < SUPERSAMPLE; sy++) {
            for (int sx = 0; sx < SUPERSAMPLE; sx++) {
                int col = (int) ((x + (sx + 0.5) / SUPERSAMPLE) * COLUMNS / boxWidth);
                int row = (int) ((y + (sy + 0.5) / SUPERSAMPLE) * ROWS / boxHeight);
                if (col < COLUMNS && row < ROWS && bits.charAt(row * COLUMNS + col) == '1') {
                    hits++;
                }
            }
        }
        return hits / (float) (SUPERSAMPLE * SUPERSAMPLE);
    }
}
