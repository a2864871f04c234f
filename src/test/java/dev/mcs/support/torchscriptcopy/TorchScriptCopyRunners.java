package dev.mcs.support.torchscriptcopy;

import dev.mcs.shared.technique.JobType;
import dev.mcs.shared.technique.MethodKey;
import dev.mcs.worker.technique.MethodRun;
import dev.mcs.worker.technique.MethodRunner;
import dev.mcs.worker.technique.TechniqueRunners;
import java.io.IOException;
import java.nio.file.Files;
import java.util.List;

/** The worker side of {@link TorchScriptCopySpecs}: writes the input model unchanged to the output. */
public final class TorchScriptCopyRunners implements TechniqueRunners {

    /** What the copy reports as its technique summary. */
    public record Copied(long bytes) {}

    @Override
    public List<MethodRunner> runners() {
        return List.of(new MethodRunner() {
            @Override
            public MethodKey key() {
                return new MethodKey(JobType.QUANTIZE, TorchScriptCopyParams.NAME);
            }

            @Override
            public Record apply(MethodRun run) throws IOException {
                Files.copy(run.input(), run.output());
                return new Copied(Files.size(run.output()));
            }
        });
    }
}
