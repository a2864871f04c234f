package dev.mcs.worker.train.onnx;

import ai.djl.ndarray.NDList;

/** One ONNX operator as DJL operations: the node's outputs, in the node's output order. */
@FunctionalInterface
interface OnnxOp {

    NDList apply(NodeCall call);
}
