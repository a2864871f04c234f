package dev.mcs.shared.technique.distill;

import dev.mcs.shared.technique.JobType;
import dev.mcs.shared.technique.MethodSpec;
import dev.mcs.shared.technique.TechniqueSpecs;
import java.util.List;

/** The DISTILL methods, API side; their worker side is {@code dev.mcs.worker.distill}. */
public final class DistillSpecs implements TechniqueSpecs {

    @Override
    public List<MethodSpec> methods() {
        return List.of(MethodSpec.onnx(JobType.DISTILL, DistillParams.NAME, DistillParams.class,
                "a smaller student trained on the teacher's outputs"));
    }
}
