package dev.mcs.evaluate;

import java.util.Map;

/** One model input set, by input name, in the model's input order. */
record Sample(Map<String, HostTensor> inputs) {}
