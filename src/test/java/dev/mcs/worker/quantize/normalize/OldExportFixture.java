package dev.mcs.worker.quantize.normalize;

import static dev.mcs.worker.quantize.TestModel.FLOAT;
import static dev.mcs.worker.quantize.TestModel.floatAttr;
import static dev.mcs.worker.quantize.TestModel.intAttr;
import static dev.mcs.worker.quantize.TestModel.intsAttr;
import static dev.mcs.worker.quantize.TestModel.randomFloats;

import ai.onnx.proto.OnnxMl;
import com.google.protobuf.ByteString;
import dev.mcs.worker.quantize.TestModel;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.List;
import java.util.Random;

/**
 * A small CNN written the way older exporters (Paddle2ONNX, early PyTorch and Keras converters) write models:
 * opset 7 to 9, every weight in a {@code Constant} node, a MatMul weight behind a Transpose, and the operators whose
 * meaning changed after opset 9 (BatchNormalization with {@code spatial}, Clip with min/max attributes, Upsample,
 * Slice with attributes, Dropout, Softmax on a flattened axis; below opset 9 BatchNormalization's {@code spatial}
 * and Upsample's scales attribute). Input {@code x} [N, 3, 16, 16], output
 * {@code y} [N, 4].
 */
final class OldExportFixture {

    private OldExportFixture() {
    }

    static OnnxMl.ModelProto cnn(long opset) {
        Random r = new Random(11);
        TestModel m = new TestModel().opset(opset).input("x", FLOAT, "N", 3, 16, 16).output("y");
        constant(m, "w1", scaled(r, 16 * 3 * 9, 0.3f), 16, 3, 3, 3);
        constant(m, "b1", scaled(r, 16, 0.1f), 16);
        m.node("Conv", List.of("x", "w1", "b1"), List.of("c1"), intsAttr("pads", 1, 1, 1, 1), intsAttr("kernel_shape", 3, 3));
        batchNorm(m, r, "c1", "n1", 16, opset);
        m.node("Clip", List.of("n1"), List.of("r1"), floatAttr("min", 0f), floatAttr("max", 6f));
        constant(m, "w2", scaled(r, 32 * 16 * 9, 0.1f), 32, 16, 3, 3);
        m.node("Conv", List.of("r1", "w2"), List.of("c2"), intsAttr("pads", 1, 1, 1, 1), intsAttr("strides", 2, 2));
        if (opset < 9) {
            m.node("Upsample", List.of("c2"), List.of("u"), stringAttr("mode", "nearest"), floatsAttr("scales", 1, 1, 2, 2));
        } else {
            constant(m, "up", new float[] {1, 1, 2, 2}, 4);
            m.node("Upsample", List.of("c2", "up"), List.of("u"), stringAttr("mode", "nearest"));
        }
        m.node("Slice", List.of("u"), List.of("s"), intsAttr("starts", 0), intsAttr("ends", 16), intsAttr("axes", 1));
        m.node("Add", List.of("s", "r1"), List.of("a"));
        constant(m, "w3", scaled(r, 8 * 16 * 9, 0.1f), 8, 16, 3, 3);
        m.node("Conv", List.of("a", "w3"), List.of("c3"), intsAttr("pads", 1, 1, 1, 1));
        m.node("GlobalAveragePool", List.of("c3"), List.of("g"));
        m.node("Flatten", List.of("g"), List.of("f"), intAttr("axis", 1));
        constant(m, "wt", scaled(r, 4 * 8, 0.5f), 4, 8);
        m.node("Transpose", List.of("wt"), List.of("wm"), intsAttr("perm", 1, 0));
        m.node("MatMul", List.of("f", "wm"), List.of("logits"));
        m.node("Dropout", List.of("logits"), List.of("d"), floatAttr("ratio", 0.5f));
        m.node("Softmax", List.of("d"), List.of("y"));
        return m.build();
    }

    private static void batchNorm(TestModel m, Random r, String in, String out, int channels, long opset) {
        float[] var = new float[channels];
        for (int i = 0; i < channels; i++) {
            var[i] = 0.5f + r.nextFloat();
        }
        constant(m, in + "_scale", scaled(r, channels, 1f), channels);
        constant(m, in + "_bias", scaled(r, channels, 0.1f), channels);
        constant(m, in + "_mean", scaled(r, channels, 0.1f), channels);
        constant(m, in + "_var", var, channels);
        m.node("BatchNormalization", List.of(in, in + "_scale", in + "_bias", in + "_mean", in + "_var"), List.of(out),
                opset < 9 ? new OnnxMl.AttributeProto[] {floatAttr("epsilon", 1e-5f), intAttr("spatial", 1)}
                        : new OnnxMl.AttributeProto[] {floatAttr("epsilon", 1e-5f)});
    }

    static float[] scaled(Random r, int count, float scale) {
        float[] v = randomFloats(r, count);
        for (int i = 0; i < v.length; i++) {
            v[i] *= scale;
        }
        return v;
    }

    /** A Constant node holding a float tensor, as Paddle2ONNX writes weights. */
    static void constant(TestModel m, String name, float[] values, long... dims) {
        ByteBuffer bytes = ByteBuffer.allocate(4 * values.length).order(ByteOrder.LITTLE_ENDIAN);
        bytes.asFloatBuffer().put(values);
        OnnxMl.TensorProto.Builder t = OnnxMl.TensorProto.newBuilder().setDataType(FLOAT)
                .setRawData(ByteString.copyFrom(bytes.array()));
        for (long d : dims) {
            t.addDims(d);
        }
        m.node("Constant", List.of(), List.of(name), OnnxMl.AttributeProto.newBuilder().setName("value")
                .setType(OnnxMl.AttributeProto.AttributeType.TENSOR).setT(t).build());
    }

    static OnnxMl.AttributeProto floatsAttr(String name, float... values) {
        OnnxMl.AttributeProto.Builder a = OnnxMl.AttributeProto.newBuilder().setName(name)
                .setType(OnnxMl.AttributeProto.AttributeType.FLOATS);
        for (float v : values) {
            a.addFloats(v);
        }
        return a.build();
    }

    static OnnxMl.AttributeProto stringAttr(String name, String value) {
        return OnnxMl.AttributeProto.newBuilder().setName(name).setType(OnnxMl.AttributeProto.AttributeType.STRING)
                .setS(ByteString.copyFromUtf8(value)).build();
    }

    static float[] imageLike(Random r, int count) {
        float[] v = new float[count];
        for (int i = 0; i < count; i++) {
            v[i] = r.nextFloat();
        }
        return v;
    }
}
