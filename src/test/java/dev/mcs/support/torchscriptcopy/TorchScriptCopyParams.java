package dev.mcs.support.torchscriptcopy;

import dev.mcs.shared.technique.DatasetFacts;
import dev.mcs.shared.technique.MethodParams;

/** Parameters of the test-only method that copies a TorchScript model: just its name. */
public record TorchScriptCopyParams(String method) implements MethodParams {

    public static final String NAME = "test_torchscript_copy";

    @Override
    public TorchScriptCopyParams withDefaults() {
        return this;
    }

    @Override
    public void validate(DatasetFacts dataset) {
        // nothing to check
    }
}
