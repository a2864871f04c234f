package dev.mcs.worker.quantize.normalize;

import ai.onnx.proto.OnnxMl;
import java.util.Arrays;

/** Float32 Add, Sub, Mul and Div of two constants of equal shape, or of a tensor and a one-element constant. */
final class Arithmetic {

    private Arithmetic() {
    }

    static OnnxMl.TensorProto apply(OnnxMl.NodeProto node, OnnxMl.TensorProto a, OnnxMl.TensorProto b) {
        if (a.getDataType() != TensorValues.FLOAT || b.getDataType() != TensorValues.FLOAT) {
            return null;
        }
        long[] da = TensorValues.dims(a);
        long[] db = TensorValues.dims(b);
        long[] outDims = Arrays.equals(da, db) || TensorValues.elements(db) == 1 && db.length <= da.length ? da
                : TensorValues.elements(da) == 1 && da.length <= db.length ? db : null;
        if (outDims == null) {
            return null;
        }
        float[] x = TensorValues.readFloats(a);
        float[] y = TensorValues.readFloats(b);
        float[] out = new float[(int) TensorValues.elements(outDims)];
        for (int i = 0; i < out.length; i++) {
            out[i] = op(node.getOpType(), x[x.length == 1 ? 0 : i], y[y.length == 1 ? 0 : i]);
        }
        return TensorValues.floats(node.getOutput(0), out, outDims);
    }

    private static float op(String type, float x, float y) {
        return switch (type) {
            case "Add" -> x + y;
            case "Sub" -> x - y;
            case "Mul" -> x * y;
            default -> x / y;
        };
    }
}
