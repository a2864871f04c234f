package dev.mcs.worker.distill.student;

import java.util.ArrayList;
import java.util.List;

/** Turns a design into its layers for a given teacher shape. */
final class StudentLayout {

    /** Below this size a feature map is not pooled further: a 2x2 pool of a 3x3 map would drop a row. */
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

    private static List<Layer> cnn(StudentDesign design, TeacherShape teacher) {
        long[] dims = teacher.sampleDims();
        if (dims.length != 3) {
            throw new IllegalArgumentException("a cnn student needs image inputs [channels, height, width] per"
                    + " sample; the teacher's input has " + dims.length + " dimensions per sample");
        }
        List<Layer> layers = new ArrayList<>();
        int in = Math.toIntExact(dims[0]);
        long side = Math.min(dims[1], dims[2]);
        for (int stage = 0; stage < design.widths().size(); stage++) {
            int out = design.widths().get(stage);
            if (stage > 0 && design.depthwiseSeparable()) {
                layers.add(new Layer.Conv(in, in, 3, in));
                layers.add(new Layer.Conv(in, out, 1, 1));
            } else {
                layers.add(new Layer.Conv(in, out, 3, 1));
            }
            if (side >= MIN_POOLED_SIDE) {
                layers.add(new Layer.Pool());
                side /= 2;
            }
            in = out;
        }
        layers.addAll(List.of(new Layer.GlobalPool(), new Layer.Flatten(), new Layer.Dense(in, teacher.outputs(),
                false)));
        return layers;
    }
}
