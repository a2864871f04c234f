package dev.mcs.shared.technique.prune;

import dev.mcs.shared.format.ModelFormat;
import dev.mcs.shared.technique.JobType;
import dev.mcs.shared.technique.MethodSpec;
import dev.mcs.shared.technique.TechniqueSpecs;
import java.util.List;
import java.util.Set;

/**
 * The PRUNE methods, API side; their worker side is {@code dev.mcs.worker.prune}. {@code magnitude} also takes a
 * TorchScript model and returns TorchScript (its weights are edited in place); {@code structured} and {@code wanda}
 * read and write ONNX only, and their refusal of a TorchScript model says why and to upload the ONNX export.
 */
public final class PruneSpecs implements TechniqueSpecs {

    @Override
    public List<MethodSpec> methods() {
        return List.of(
                MethodSpec.onnx(JobType.PRUNE, StructuredParams.NAME, StructuredParams.class,
                        "removes whole Conv channels, FFN neurons and attention heads: a smaller, faster graph"),
                MethodSpec.keepingFormat(JobType.PRUNE, MagnitudeParams.NAME, MagnitudeParams.class,
                        Set.of(ModelFormat.ONNX, ModelFormat.TORCHSCRIPT),
                        "zeroes the smallest weights (a mask in a dense file: no run-time gain)"),
                MethodSpec.onnx(JobType.PRUNE, WandaParams.NAME, WandaParams.class,
                        "zeroes weights by |W| x input norm on calibration data (a mask: no run-time gain)"));
    }
}
