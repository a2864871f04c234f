package dev.mcs.shared.technique.distill;

import dev.mcs.shared.format.ModelFormat;
import dev.mcs.shared.technique.JobType;
import dev.mcs.shared.technique.MethodSpec;
import dev.mcs.shared.technique.TechniqueSpecs;
import java.util.List;
import java.util.Set;

/** The DISTILL methods, API side; their worker side is {@code dev.mcs.worker.distill}. */
public final class DistillSpecs implements TechniqueSpecs {

    @Override
    public List<MethodSpec> methods() {
        // A TorchScript teacher only has to run (in libtorch); the generated student is always ONNX.
        return List.of(new MethodSpec(JobType.DISTILL, DistillParams.NAME, DistillParams.class,
                Set.of(ModelFormat.ONNX, ModelFormat.TORCHSCRIPT), ModelFormat.ONNX,
                "a smaller student trained on the teacher's outputs"));
    }
}
