package dev.mcs.worker.train.onnx;

/** The executor does not reproduce ONNX Runtime on the model closely enough to train it. */
public final class ParityException extends Exception {

    private static final long serialVersionUID = 1L;

    private final transient ParityReport report;

    public ParityException(ParityReport report, double tolerance) {
        super("the trainable executor does not match ONNX Runtime within " + tolerance + " relative: " + report.describe());
        this.report = report;
    }

    public ParityReport report() {
        return report;
    }
}
