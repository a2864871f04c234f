package dev.mcs.worker.train.onnx;

import dev.mcs.worker.engine.OwnedScalars;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import java.util.Map;

/** Activations with attributes or optional inputs: Clip, the hard sigmoid family, LeakyRelu, Elu, Gelu, Dropout. */
final class Activations {

    private Activations() {
    }

    static void register(Map<String, OnnxOp> ops) {
        ops.put("Clip", Activations::clip);
        ops.put("HardSigmoid", call -> Values.one(hardSigmoid(call.input(0), call.floatAttribute("alpha", 0.2f),
                call.floatAttribute("beta", 0.5f))));
        ops.put("HardSwish", call -> Values.one(call.input(0).mul(hardSigmoid(call.input(0), 1f / 6, 0.5f))));
        ops.put("LeakyRelu", call -> {
            NDArray x = call.input(0);
            return Values.one(Values.where(x.lt(0), OwnedScalars.mul(x, call.floatAttribute("alpha", 0.01f)), x));
        });
        ops.put("Elu", call -> {
            NDArray x = call.input(0);
            return Values.one(Values.where(x.lt(0), OwnedScalars.mul(x.exp().sub(1), call.floatAttribute("alpha", 1f)), x));
        });
        ops.put("Gelu", Activations::gelu);
        ops.put("Dropout", Activations::dropout);
    }

    /** Since opset 11 the bounds are optional inputs; before, attributes defaulting to the float range. */
    private static NDList clip(NodeCall call) {
        NDArray x = call.input(0);
        if (call.opset() < 11) {
            return Values.one(x.clip(call.floatAttribute("min", -Float.MAX_VALUE), call.floatAttribute("max", Float.MAX_VALUE)));
        }
        NDArray out = x;
        if (call.has(1)) {
            out = out.maximum(call.input(1));
        }
        if (call.has(2)) {
            out = out.minimum(call.input(2));
        }
        return Values.one(out == x ? x.duplicate() : out);
    }

    private static NDArray hardSigmoid(NDArray x, float alpha, float beta) {
        return OwnedScalars.mul(x, alpha).add(beta).clip(0, 1);
    }

    private static NDList gelu(NodeCall call) {
        NDArray x = call.input(0);
        if (call.stringAttribute("approximate", "none").equals("tanh")) {
            NDArray cube = OwnedScalars.pow(x, 3);
            NDArray inner = OwnedScalars.mul(x.add(OwnedScalars.mul(cube, 0.044715f)), (float) Math.sqrt(2 / Math.PI));
            return Values.one(OwnedScalars.mul(x, 0.5f).mul(inner.tanh().add(1)));
        }
        return Values.one(OwnedScalars.mul(x, 0.5f).mul(OwnedScalars.div(x, (float) Math.sqrt(2)).erf().add(1)));
    }

    /** Inference: the input unchanged, and an all-true mask where the node asks for one. */
    private static NDList dropout(NodeCall call) {
        NDArray x = call.input(0);
        NDList out = new NDList(x.duplicate());
        if (call.wantsOutput(1)) {
            out.add(x.onesLike().toType(ai.djl.ndarray.types.DataType.BOOLEAN, false));
        }
        return out;
    }
}
