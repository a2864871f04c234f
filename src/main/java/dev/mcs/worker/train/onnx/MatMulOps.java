package dev.mcs.worker.train.onnx;

import dev.mcs.worker.engine.OwnedScalars;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import java.util.Map;

/** MatMul (numpy semantics, batched and broadcast, as torch.matmul) and Gemm (transA/transB, alpha, beta, C). */
final class MatMulOps {

    private MatMulOps() {
    }

    static void register(Map<String, OnnxOp> ops) {
        ops.put("MatMul", call -> Values.one(call.input(0).matMul(call.input(1))));
        ops.put("Gemm", MatMulOps::gemm);
    }

    private static NDList gemm(NodeCall call) {
        NDArray a = call.intAttribute("transA", 0) == 1 ? call.input(0).transpose() : call.input(0);
        NDArray b = call.intAttribute("transB", 0) == 1 ? call.input(1).transpose() : call.input(1);
        float alpha = call.floatAttribute("alpha", 1f);
        float beta = call.floatAttribute("beta", 1f);
        NDArray y = a.matMul(b);
        if (alpha != 1f) {
            y = OwnedScalars.mul(y, alpha);
        }
        if (call.has(2) && beta != 0f) {
            y = y.add(beta == 1f ? call.input(2) : OwnedScalars.mul(call.input(2), beta));
        }
        return Values.one(y);
    }
}
