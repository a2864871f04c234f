package dev.mcs.worker.quantize.normalize;

import ai.onnx.proto.OnnxMl;

/**
 * The normalized model and what was done to it.
 *
 * @param liftedConstants Constant nodes turned into initializers
 * @param foldedNodes nodes whose constant outputs were computed here and stored as initializers
 * @param fromOpset the default-domain opset of the model as read
 * @param toOpset the opset after the upgrade (equal to {@code fromOpset} when nothing was upgraded)
 * @param convertedNodes nodes rewritten by an operator converter during the upgrade
 */
public record Normalized(OnnxMl.ModelProto model, int liftedConstants, int foldedNodes, long fromOpset, long toOpset,
        int convertedNodes) {

    public boolean changed() {
        return liftedConstants + foldedNodes + convertedNodes > 0 || fromOpset != toOpset;
    }
}
