package dev.mcs.worker.quantize.normalize;

import java.util.Random;

/**
 * Calibration-like inputs for the PaddleOCR models: synthetic "document" images (a light background with a soft
 * gradient, lines of printed capital letters and digits from a small built-in bitmap font, a little noise),
 * normalized as PaddleOCR's pre-processing does ((v - 0.5) / 0.5, so values lie in [-1, 1]). NCHW with 3
 * identical-ish colour channels. A page (the detector's input) holds several lines of varied size; a crop no
 * taller than 64 pixels (the recognizer's and classifier's input) one line that fills most of its height.
 */
final class PaddleOcrImages {

    private PaddleOcrImages() {
    }

    static float[] batch(Random r, int samples, int height, int width) {
        int plane = height * width;
        float[] out = new float[samples * 3 * plane];
        for (int s = 0; s < samples; s++) {
            float[] gray = page(r, height, width);
            for (int c = 0; c < 3; c++) {
                float tint = 0.95f + 0.1f * r.nextFloat();
                for (int i = 0; i < plane; i++) {
                    float v = Math.min(1f, Math.max(0f, gray[i] * tint + 0.02f * (float) r.nextGaussian()));
                    out[(s * 3 + c) * plane + i] = (v - 0.5f) / 0.5f;
                }
            }
        }
        return out;
    }

    private static float[] page(Random r, int height, int width) {
        float[] g = new float[height * width];
        float base = 0.75f + 0.2f * r.nextFloat();
        float slope = 0.1f * (r.nextFloat() - 0.5f);
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                g[y * width + x] = base + slope * x / width;
            }
        }
        // A crop for the recognizer or classifier holds one line that fills most of its height; a page many.
        boolean crop = height <= 64;
        int top = crop ? 0 : r.nextInt(Math.max(1, height / 8));
        while (top < height) {
            int size = crop ? (int) (height * (0.55f + 0.25f * r.nextFloat())) : 12 + r.nextInt(28);
            int y = crop ? (height - size) / 4 + r.nextInt((height - size) / 2 + 1) : top;
            line(r, g, height, width, y, size);
            if (crop) {
                break;
            }
            top += size + size / 2 + r.nextInt(size * 2);
        }
        return g;
    }

    /** A text line: words of 5x7 capital letters and digits with glyph height {@code size}, at row {@code top}. */
    private static void line(Random r, float[] g, int height, int width, int top, int size) {
        float ink = 0.05f + 0.3f * r.nextFloat();
        int glyphWidth = Math.max(3, size * BitmapGlyphs.COLUMNS / BitmapGlyphs.ROWS);
        int end = width - r.nextInt(Math.max(1, width / 3));
        int x = r.nextInt(Math.max(1, width / 8));
        while (x + glyphWidth <= end) {
            int letters = 2 + r.nextInt(7);
            for (int i = 0; i < letters && x + glyphWidth <= end; i++) {
                BitmapGlyphs.draw(g, width, height, r.nextInt(BitmapGlyphs.count()), x, top, glyphWidth, size, ink);
                x += glyphWidth + Math.max(1, glyphWidth / 4);
            }
            x += glyphWidth;
        }
    }
}
