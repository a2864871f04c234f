package dev.mcs.worker.engine;

import java.util.Map;

/** One model input set, by input name, in the model's input order. */
public record Sample(Map<String, HostTensor> inputs) {}
