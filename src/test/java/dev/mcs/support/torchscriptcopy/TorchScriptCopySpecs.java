package dev.mcs.support.torchscriptcopy;

import dev.mcs.shared.format.ModelFormat;
import dev.mcs.shared.technique.JobType;
import dev.mcs.shared.technique.MethodSpec;
import dev.mcs.shared.technique.TechniqueSpecs;
import java.util.List;
import java.util.Set;

/**
 * Registered only on the test classpath: a method whose output is TorchScript, so that tests can prove
 * the job path (output file, commit, stored format, download name, inspection) follows a method's declared
 * output format before any real TorchScript-producing technique exists.
 */
public final class TorchScriptCopySpecs implements TechniqueSpecs {

    @Override
    public List<MethodSpec> methods() {
        return List.of(new MethodSpec(JobType.QUANTIZE, TorchScriptCopyParams.NAME, TorchScriptCopyParams.class,
                Set.of(ModelFormat.TORCHSCRIPT), ModelFormat.TORCHSCRIPT, "test only: copies a TorchScript model"));
    }
}
