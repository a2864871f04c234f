package dev.mcs.shared.technique.prune;

import dev.mcs.shared.technique.JobType;
import dev.mcs.shared.technique.MethodSpec;
import dev.mcs.shared.technique.TechniqueSpecs;
import java.util.List;

/**
 * The PRUNE methods, API side; their worker side is {@code dev.mcs.worker.prune}. All of them read and write ONNX:
 * a TorchScript module's structure cannot be changed from Java, and its masks are not built yet, so a TorchScript
 * model is refused at submission and the problem says to upload the ONNX export.
 */
public final class PruneSpecs implements TechniqueSpecs {

    @Override
    public List<MethodSpec> methods() {
        return List.of(
                MethodSpec.onnx(JobType.PRUNE, StructuredParams.NAME, StructuredParams.class,
                        "removes whole Conv channels, FFN neurons and attention heads: a smaller, faster graph"),
                MethodSpec.onnx(JobType.PRUNE, MagnitudeParams.NAME, MagnitudeParams.class,
                        "zeroes the smallest weights (a mask in a dense file: no run-time gain)"),
                MethodSpec.onnx(JobType.PRUNE, WandaParams.NAME, WandaParams.class,
                        "zeroes weights by |W| x input norm on calibration data (a mask: no run-time gain)"));
    }
}
