package dev.mcs.worker.quantize.normalize;

import ai.onnx.proto.OnnxMl;
import java.util.List;

/** Rewrites one node written for an older opset into nodes with the same meaning at {@link Conversion#target()}. */
@FunctionalInterface
interface OpConverter {

    List<OnnxMl.NodeProto> convert(OnnxMl.NodeProto node, Conversion conversion) throws NormalizationException;
}
