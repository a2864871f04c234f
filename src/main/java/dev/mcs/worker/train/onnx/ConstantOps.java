package dev.mcs.worker.train.onnx;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.onnx.proto.OnnxMl;
import java.util.Map;

/** Operators that make tensors from attributes or scalars: Constant, ConstantOfShape, Cast, Range. */
final class ConstantOps {

    private ConstantOps() {
    }

    static void register(Map<String, OnnxOp> ops) {
        ops.put("Constant", ConstantOps::constant);
        ops.put("ConstantOfShape", ConstantOps::constantOfShape);
        ops.put("Cast", call -> Values.one(call.input(0).toType(
                TensorProtos.dataType((int) call.intAttribute("to", 0)), true)));
        ops.put("Range", ConstantOps::range);
    }

    private static NDList constant(NodeCall call) {
        OnnxMl.AttributeProto a = call.node().getAttribute(0);
        return switch (a.getName()) {
            case "value" -> Values.one(TensorProtos.toArray(call.manager(), a.getT()));
            case "value_float" -> Values.one(HostArrays.ownedScalar(call.manager(), a.getF()));
            case "value_floats" -> Values.one(HostArrays.owned(call.manager(), floats(a)));
            case "value_int" -> Values.one(HostArrays.ownedScalar(call.manager(), a.getI()));
            case "value_ints" -> Values.one(HostArrays.owned(call.manager(),
                    a.getIntsList().stream().mapToLong(Long::longValue).toArray()));
            default -> throw new OnnxExecutionException(call.label() + ": Constant attribute " + a.getName() + " is not supported");
        };
    }

    private static float[] floats(OnnxMl.AttributeProto a) {
        float[] values = new float[a.getFloatsCount()];
        for (int i = 0; i < values.length; i++) {
            values[i] = a.getFloats(i);
        }
        return values;
    }

    /** The fill value is a one-element tensor attribute whose type is the output's; absent, a float 0. */
    private static NDList constantOfShape(NodeCall call) {
        Shape shape = new Shape(call.longs(0));
        OnnxMl.AttributeProto value = call.attribute("value");
        if (value == null) {
            return Values.one(call.manager().zeros(shape, DataType.FLOAT32));
        }
        NDArray fill = TensorProtos.toArray(call.manager(), value.getT()).reshape(new Shape());
        return Values.one(fill.broadcast(shape).duplicate());
    }

    private static NDList range(NodeCall call) {
        NDArray start = call.input(0);
        DataType type = start.getDataType();
        float from = Values.scalar(start);
        float limit = Values.scalar(call.input(1));
        float delta = Values.scalar(call.input(2));
        return Values.one(call.manager().arange(from, limit, delta, type));
    }
}
