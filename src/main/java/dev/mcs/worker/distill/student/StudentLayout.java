package dev.mcs.worker.distill.student;

import java.util.ArrayList;
import java.util.List;

/** Turns a design into its layers for a given teacher shape. */
final class StudentLayout {

    /** Below this size a feature map is not halved further: halving a 3x3 map would drop or blur a row. */
    private static final long MIN_POOLED_SIDE = 4;

    private StudentLayout() {}

    static List<Layer> of(StudentDesign design, TeacherShape teacher) {
        return design.cnn() ? cnn(design, teacher) : mlp(design, teacher);
    }

    static long parameters(List<Layer> layers) {
        return layers.stream().mapToLong(Layer::parameters).sum();
    }

    private static List<Layer> mlp(StudentDesign design, TeacherShape teacher) {
        List<Layer> layers = new ArrayList<>(List.of(new Layer.Flatten()));
        long in = teacher.features();
        for (int width : design.widths()) {
            layers.add(new Layer.Dense(in, width, true));
            in = width;
        }
        layers.add(new Layer.Dense(in, teacher.outputs(), false));
        return layers;
    }

    /**
     * Each stage halves the map while it is large enough: the first with a stride-2 stem convolution (no
     * full-resolution map is computed, and on small inputs a pooling node's fixed cost is much of the latency), later
     * ones with 2x2 max pooling, which kept more accuracy than strided convolutions there (docs/distillation.md).
     */
    private static List<Layer> cnn(StudentDesign design, TeacherShape teacher) {
        long[] dims = teacher.sampleDims();
        if (dims.length != 3) {
            throw new IllegalArgumentException("a cnn student needs image inputs [channels, height, width] per"
                    + " sample; the teacher's input has " + dims.length + " dimensions per sample");
        }
        List<Layer> layers = new ArrayList<>();
        int in = Math.toIntExact(dims[0]);
        long height = dims[1];
        long width = dims[2];
        for (int stage = 0; stage < design.widths().size(); stage++) {
            int out = design.widths().get(stage);
            boolean halve = Math.min(height, width) >= MIN_POOLED_SIDE;
            int stride = halve && stage == 0 ? 2 : 1;
            if (stage > 0 && design.depthwiseSeparable()) {
                layers.add(new Layer.Conv(in, in, 3, in, stride));
                layers.add(new Layer.Conv(in, out, 1, 1, 1));
            } else {
                layers.add(new Layer.Conv(in, out, 3, 1, stride));
            }
            if (halve && stride == 1) {
                layers.add(new Layer.Pool());
            }
            height = halve ? halved(height, stride) : height;
            width = halve ? halved(width, stride) : width;
            in = out;
        }
        layers.addAll(head(in, height, width, teacher.outputs()));
        return layers;
    }

    /** A padded 3x3 convolution of stride 2 rounds up; max pooling drops a last odd row. */
    private static long halved(long side, int stride) {
        return stride == 2 ? (side + 1) / 2 : side / 2;
    }

    /**
     * A map that halving has made tiny is read whole: averaging a 2x2 map would throw away which quadrant a feature
     * is in, and on small images that is much of what tells classes apart (digits: see docs/distillation.md). Larger
     * maps are averaged, so the head's size does not grow with the image.
     */
    private static List<Layer> head(int channels, long height, long width, int outputs) {
        if (Math.max(height, width) < MIN_POOLED_SIDE) {
            return List.of(new Layer.Flatten(), new Layer.Dense(channels * height * width, outputs, false));
        }
        return List.of(new Layer.GlobalPool(), new Layer.Flatten(), new Layer.Dense(channels, outputs, false));
    }
}
