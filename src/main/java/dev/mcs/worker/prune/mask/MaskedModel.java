package dev.mcs.worker.prune.mask;

import ai.onnx.proto.OnnxMl.ModelProto;
import java.util.Map;

/**
 * A model with masks applied.
 *
 * @param masks by weight name, true = kept
 * @param model the model with the masked weights at zero (and, for a refit, the kept ones changed)
 */
public record MaskedModel(Map<String, boolean[]> masks, ModelProto model) {}
