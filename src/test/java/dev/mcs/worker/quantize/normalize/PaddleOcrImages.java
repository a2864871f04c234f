package dev.mcs.worker.quantize.normalize;

import java.util.Random;

/**
 * Calibration-like inputs for the PaddleOCR models: synthetic "document" images (a light background with a soft
 * gradient, dark horizontal strokes like text lines, a little noise), normalized as PaddleOCR's pre-processing
 * does ((v - 0.5) / 0.5, so values lie in [-1, 1]). NCHW with 3 identical-ish colour channels.
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
        int lines = 1 + r.nextInt(Math.max(1, height / 16));
        for (int l = 0; l < lines; l++) {
            strokes(r, g, height, width, r.nextInt(height), 4 + r.nextInt(Math.max(1, height / 4)));
        }
        return g;
    }

    /** A text line: glyph-sized dark boxes with gaps, at row {@code top}. */
    private static void strokes(Random r, float[] g, int height, int width, int top, int size) {
        float ink = 0.05f + 0.3f * r.nextFloat();
        for (int x = r.nextInt(Math.max(1, width / 8)); x < width; x += size + r.nextInt(size)) {
            int w = Math.max(1, size * (1 + r.nextInt(3)) / 4);
            for (int y = top; y < Math.min(height, top + size); y++) {
                for (int dx = 0; dx < w && x + dx < width; dx++) {
                    if (r.nextFloat() < 0.6f) {
                        g[y * width + x + dx] = ink;
                    }
                }
            }
        }
    }
}
