package dev.mcs.worker.distill.student;

import java.util.List;

/**
 * A generated student's layout, before its weights exist.
 *
 * @param architecture {@code mlp} or {@code cnn}
 * @param widths hidden widths (mlp) or stage channels (cnn)
 * @param depthwiseSeparable cnn: stages after the first are a depthwise 3x3 then a pointwise 1x1 convolution
 * @param seed seed of the initial weights
 */
public record StudentDesign(String architecture, List<Integer> widths, boolean depthwiseSeparable, long seed) {

    public StudentDesign {
        widths = List.copyOf(widths);
    }

    boolean cnn() {
        return "cnn".equals(architecture);
    }
}
