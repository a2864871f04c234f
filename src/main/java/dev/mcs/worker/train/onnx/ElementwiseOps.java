package dev.mcs.worker.train.onnx;

import dev.mcs.worker.engine.OwnedScalars;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
import ai.djl.nn.Activation;
import java.util.Map;
import java.util.function.BinaryOperator;
import java.util.function.UnaryOperator;

/**
 * Element-wise operators. Binary ones broadcast numpy-style, which torch does natively; integer Div truncates
 * as ONNX defines it (torch's division would return floats).
 */
final class ElementwiseOps {

    private ElementwiseOps() {
    }

    static void register(Map<String, OnnxOp> ops) {
        binary(ops, "Add", NDArray::add);
        binary(ops, "Sub", NDArray::sub);
        binary(ops, "Mul", NDArray::mul);
        binary(ops, "Div", ElementwiseOps::div);
        binary(ops, "Pow", NDArray::pow);
        binary(ops, "Equal", NDArray::eq);
        binary(ops, "Less", NDArray::lt);
        binary(ops, "LessOrEqual", NDArray::lte);
        binary(ops, "Greater", NDArray::gt);
        binary(ops, "GreaterOrEqual", NDArray::gte);
        binary(ops, "And", NDArray::logicalAnd);
        binary(ops, "Or", NDArray::logicalOr);
        binary(ops, "Xor", NDArray::logicalXor);
        binary(ops, "PRelu", (x, slope) -> Values.where(x.lt(0), x.mul(slope), x));
        unary(ops, "Not", NDArray::logicalNot);
        unary(ops, "Relu", Activation::relu);
        unary(ops, "Sigmoid", Activation::sigmoid);
        unary(ops, "Tanh", Activation::tanh);
        unary(ops, "Erf", NDArray::erf);
        unary(ops, "Sqrt", NDArray::sqrt);
        unary(ops, "Exp", NDArray::exp);
        unary(ops, "Log", NDArray::log);
        unary(ops, "Neg", NDArray::neg);
        unary(ops, "Abs", NDArray::abs);
        unary(ops, "Floor", NDArray::floor);
        unary(ops, "Ceil", NDArray::ceil);
        unary(ops, "Sin", NDArray::sin);
        unary(ops, "Cos", NDArray::cos);
        unary(ops, "Sign", NDArray::sign);
        unary(ops, "Reciprocal", x -> OwnedScalars.divide(1f, x));
        unary(ops, "Softplus", x -> x.exp().add(1).log());
        unary(ops, "Identity", x -> x.duplicate());
        ops.put("Sum", call -> Values.one(fold(call, NDArray::add)));
        ops.put("Max", call -> Values.one(fold(call, NDArray::maximum)));
        ops.put("Min", call -> Values.one(fold(call, NDArray::minimum)));
        ops.put("Mean", call -> Values.one(OwnedScalars.div(fold(call, NDArray::add), call.inputs().size())));
        ops.put("Where", call -> Values.one(Values.where(call.input(0), call.input(1), call.input(2))));
        Activations.register(ops);
    }

    private static void binary(Map<String, OnnxOp> ops, String type, BinaryOperator<NDArray> op) {
        ops.put(type, call -> Values.one(op.apply(call.input(0), call.input(1))));
    }

    private static void unary(Map<String, OnnxOp> ops, String type, UnaryOperator<NDArray> op) {
        ops.put(type, call -> Values.one(op.apply(call.input(0))));
    }

    private static NDArray fold(NodeCall call, BinaryOperator<NDArray> op) {
        NDArray result = call.input(0);
        for (int i = 1; i < call.inputs().size(); i++) {
            result = op.apply(result, call.input(i));
        }
        return call.inputs().size() == 1 ? result.duplicate() : result;
    }

    private static NDArray div(NDArray a, NDArray b) {
        if (!Values.isInteger(a.getDataType())) {
            return a.div(b);
        }
        DataType type = a.getDataType();
        return a.toType(DataType.FLOAT64, false).div(b.toType(DataType.FLOAT64, false)).trunc().toType(type, false);
    }
}
