package dev.mcs.worker.distill.student;

import java.util.Arrays;

/**
 * What a generated student must match of its teacher.
 *
 * @param inputName the teacher's (single) input, which the student takes under the same name
 * @param sampleDims the input's dimensions without the batch axis, e.g. {@code [1, 8, 8]} or {@code [64]}
 * @param outputName the teacher's output, which the student writes under the same name
 * @param outputs the output's width (classes, for a classifier)
 * @param parameters the teacher's parameter count, which sizes the student by default
 */
public record TeacherShape(String inputName, long[] sampleDims, String outputName, int outputs, long parameters) {

    public TeacherShape {
        sampleDims = sampleDims.clone();
        if (outputs < 1 || Arrays.stream(sampleDims).anyMatch(d -> d < 1)) {
            throw new IllegalArgumentException("a generated student needs fixed, positive sample dimensions and"
                    + " outputs; got input " + Arrays.toString(sampleDims) + " and " + outputs + " outputs");
        }
    }

    @Override
    public long[] sampleDims() {
        return sampleDims.clone();
    }

    long features() {
        return Arrays.stream(sampleDims).reduce(1, Math::multiplyExact);
    }
}
