package dev.mcs.worker.train.onnx;

import java.util.Comparator;
import java.util.List;

/**
 * Parity of every graph output, and the samples it was measured on.
 *
 * @param batched whether the samples also ran as one batch
 */
public record ParityReport(List<OutputParity> outputs, int samples, boolean batched) {

    public OutputParity worst() {
        return outputs.stream().max(Comparator.comparingDouble(OutputParity::relative)).orElseThrow();
    }

    public boolean within(double tolerance) {
        return worst().relative() <= tolerance;
    }

    public String describe() {
        OutputParity w = worst();
        return String.format(java.util.Locale.ROOT,
                "output '%s' differs by %.3g relative (max |diff| %.3g, max |ORT| %.3g; at element %d the executor"
                        + " gives %.6g, ONNX Runtime %.6g) over %d samples%s",
                w.output(), w.relative(), w.maxAbsoluteDifference(), w.maxAbsoluteReference(), w.worstElement(),
                w.executorValue(), w.ortValue(), samples, batched ? ", one by one and as one batch" : "");
    }
}
