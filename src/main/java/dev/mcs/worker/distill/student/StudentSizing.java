package dev.mcs.worker.distill.student;

import java.util.List;
import java.util.function.IntFunction;

/**
 * Default widths: the largest student of a fixed shape (mlp: one hidden layer of width w; cnn: stages of c and 2c
 * channels) whose parameter count stays within a tenth of the teacher's.
 */
final class StudentSizing {

    static final int SHRINK = 10;
    private static final int MAX_WIDTH = 4096;

    private StudentSizing() {}

    static List<Integer> defaultWidths(String architecture, boolean depthwiseSeparable, TeacherShape teacher) {
        IntFunction<List<Integer>> shape = "cnn".equals(architecture) ? c -> List.of(c, 2 * c) : w -> List.of(w);
        long budget = Math.max(1, teacher.parameters() / SHRINK);
        int best = 1;
        for (int width = 2; width <= MAX_WIDTH; width++) {
            StudentDesign design = new StudentDesign(architecture, shape.apply(width), depthwiseSeparable, 0);
            if (StudentLayout.parameters(StudentLayout.of(design, teacher)) > budget) {
                break;
            }
            best = width;
        }
        return shape.apply(best);
    }
}
