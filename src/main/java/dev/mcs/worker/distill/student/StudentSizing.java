package dev.mcs.worker.distill.student;

import java.util.List;
import java.util.function.IntFunction;

/**
 * Default widths: the largest student of a fixed shape (mlp: one hidden layer of width w; cnn: stages of c and 2c
 * channels) whose parameter count stays within a tenth of the teacher's.
 *
 * <p>A cnn's c is a multiple of {@value #CHANNEL_BLOCK}: ONNX Runtime runs convolutions in a blocked channel layout
 * of 8, and other counts pay for reordering. Measured at batch 1 against the digits teachers (student/teacher
 * latency, interleaved): [13, 26] 1.32 but [16, 32] 0.84; [55, 110] 1.33 but [56, 112] 0.65.
 */
final class StudentSizing {

    static final int SHRINK = 10;
    static final int CHANNEL_BLOCK = 8;
    private static final int MAX_WIDTH = 4096;

    private StudentSizing() {}

    static List<Integer> defaultWidths(String architecture, boolean depthwiseSeparable, TeacherShape teacher) {
        IntFunction<List<Integer>> shape = "cnn".equals(architecture) ? c -> List.of(c, 2 * c) : w -> List.of(w);
        long budget = Math.max(1, teacher.parameters() / SHRINK);
        int step = "cnn".equals(architecture) ? CHANNEL_BLOCK : 1;
        int best = step;
        for (int width = 2 * step; width <= MAX_WIDTH; width += step) {
            StudentDesign design = new StudentDesign(architecture, shape.apply(width), depthwiseSeparable, 0);
            if (StudentLayout.parameters(StudentLayout.of(design, teacher)) > budget) {
                break;
            }
            best = width;
        }
        return shape.apply(best);
    }
}
