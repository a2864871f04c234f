package dev.mcs.worker.quantize.staticint8;

import ai.onnx.proto.OnnxMl;

/**
 * One node whose weight becomes int8 in the QDQ model.
 *
 * @param node the original node
 * @param weight name of its constant float weight
 * @param bias name of its constant float bias, or null
 * @param axis the weight axis of its output channels (per-channel scales run along it)
 */
record StaticQuantTarget(OnnxMl.NodeProto node, String weight, String bias, int axis) {

    String input() {
        return node.getInput(0);
    }
}
