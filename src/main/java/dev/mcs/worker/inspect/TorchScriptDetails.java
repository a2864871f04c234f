package dev.mcs.worker.inspect;

import java.util.List;

/**
 * Facts read from a TorchScript module.
 *
 * @param parameters the module's parameters in registration order
 */
public record TorchScriptDetails(List<ParameterInfo> parameters) {}
