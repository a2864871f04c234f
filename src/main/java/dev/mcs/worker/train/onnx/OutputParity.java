package dev.mcs.worker.train.onnx;

/**
 * How far the executor's values of one output are from ONNX Runtime's: {@code relative} = max |executor − ORT|
 * / (max |ORT| + 1e-6), over every element of every sample checked; the worst element's values are kept.
 */
public record OutputParity(String output, double maxAbsoluteDifference, double maxAbsoluteReference, long worstElement,
        double executorValue, double ortValue) {

    private static final double EPSILON = 1e-6;

    public double relative() {
        return maxAbsoluteDifference / (maxAbsoluteReference + EPSILON);
    }

    OutputParity merge(OutputParity other) {
        OutputParity worst = other.maxAbsoluteDifference > maxAbsoluteDifference ? other : this;
        return new OutputParity(output, worst.maxAbsoluteDifference,
                Math.max(maxAbsoluteReference, other.maxAbsoluteReference), worst.worstElement, worst.executorValue,
                worst.ortValue);
    }

    /** The parity of two computations of one output, element by element; NaN differences count as infinite. */
    public static OutputParity of(String output, double[] executor, double[] ort) {
        if (executor.length != ort.length) {
            throw new OnnxExecutionException("output '" + output + "' has " + executor.length
                    + " elements in the executor but " + ort.length + " in ONNX Runtime");
        }
        double maxDiff = 0;
        double maxRef = 0;
        int worst = 0;
        for (int i = 0; i < ort.length; i++) {
            double diff = Math.abs(executor[i] - ort[i]);
            if (diff > maxDiff || Double.isNaN(diff)) {
                maxDiff = Double.isNaN(diff) ? Double.POSITIVE_INFINITY : diff;
                worst = i;
            }
            maxRef = Math.max(maxRef, Math.abs(ort[i]));
        }
        return new OutputParity(output, maxDiff, maxRef, worst, executor.length == 0 ? 0 : executor[worst],
                ort.length == 0 ? 0 : ort[worst]);
    }
}
