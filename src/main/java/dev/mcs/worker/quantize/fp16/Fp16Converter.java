package dev.mcs.worker.quantize.fp16;

import ai.onnx.proto.OnnxMl;
import com.google.protobuf.ByteString;
import dev.mcs.shared.format.HalfFloat;
import dev.mcs.worker.quantize.core.NameScope;
import dev.mcs.worker.quantize.core.Protos;
import dev.mcs.worker.quantize.core.QuantizationException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Stores every float initializer of the top-level graph as float16 and puts a Cast(to=float) in front, under
 * the original name, so every node, value_info and graph output keeps its float32 type. ORT's x86 CPU
 * provider has no float16 kernels for MatMul, Gemm, Softmax, Conv or the elementwise math, so a graph
 * computing in float16 there would be Cast back to float around nearly every node; ORT constant-folds
 * these Casts at session load instead, so compute runs in float32 from weights rounded to float16.
 * Tensors with values beyond float16's range (e.g. −3.4e38 attention-mask constants), tensors the graph
 * also lists as inputs (callers may override them) and tensors read by excluded nodes stay float32.
 */
final class Fp16Converter {

    record Result(OnnxMl.GraphProto graph, int converted, int keptOutOfRange, int keptForExcludedNodes,
                  int keptAsGraphInputs) {
    }

    private final OnnxMl.GraphProto graph;
    private final Set<String> excludeNodes;
    private final NameScope names;

    Fp16Converter(OnnxMl.GraphProto graph, Set<String> excludeNodes) {
        this.graph = graph;
        this.excludeNodes = excludeNodes;
        this.names = new NameScope(graph);
    }

    Result convert() throws QuantizationException {
        Set<String> excludedInputs = excludedInputs();
        Set<String> graphInputs = new HashSet<>();
        graph.getInputList().forEach(v -> graphInputs.add(v.getName()));
        List<OnnxMl.TensorProto> initializers = new ArrayList<>();
        List<OnnxMl.NodeProto> casts = new ArrayList<>();
        int converted = 0;
        int outOfRange = 0;
        int excluded = 0;
        int inputs = 0;
        for (OnnxMl.TensorProto t : graph.getInitializerList()) {
            if (t.getDataType() != OnnxMl.TensorProto.DataType.FLOAT_VALUE) {
                initializers.add(t);
            } else if (graphInputs.contains(t.getName())) {
                inputs++;
                initializers.add(t);
            } else if (excludedInputs.contains(t.getName())) {
                excluded++;
                initializers.add(t);
            } else {
                float[] values = floats(t);
                if (!inRange(values)) {
                    outOfRange++;
                    initializers.add(t);
                    continue;
                }
                String half = names.fresh(t.getName() + "_fp16");
                initializers.add(halfTensor(t, half, values));
                casts.add(Protos.castToFloat(names.fresh(t.getName() + "_cast_to_float"), half, t.getName()));
                converted++;
            }
        }
        OnnxMl.GraphProto out = graph.toBuilder().clearInitializer().addAllInitializer(initializers)
                .clearNode().addAllNode(casts).addAllNode(graph.getNodeList()).build();
        return new Result(out, converted, outOfRange, excluded, inputs);
    }

    private Set<String> excludedInputs() {
        Set<String> inputs = new HashSet<>();
        for (OnnxMl.NodeProto node : graph.getNodeList()) {
            if (excludeNodes.contains(node.getName()) || excludeNodes.contains(Protos.label(node))) {
                inputs.addAll(node.getInputList());
            }
        }
        return inputs;
    }

    private static boolean inRange(float[] values) {
        for (float v : values) {
            if (Float.isFinite(v) && Math.abs(v) > HalfFloat.MAX) {
                return false;
            }
        }
        return true;
    }

    private static OnnxMl.TensorProto halfTensor(OnnxMl.TensorProto t, String name, float[] values) {
        ByteBuffer bytes = ByteBuffer.allocate(2 * values.length).order(ByteOrder.LITTLE_ENDIAN);
        for (float v : values) {
            bytes.putShort(HalfFloat.fromFloat(v));
        }
        return OnnxMl.TensorProto.newBuilder().setName(name).setDataType(OnnxMl.TensorProto.DataType.FLOAT16_VALUE)
                .addAllDims(t.getDimsList()).setRawData(ByteString.copyFrom(bytes.array())).build();
    }

    static float[] floats(OnnxMl.TensorProto t) throws QuantizationException {
        if (t.getDataLocation() == OnnxMl.TensorProto.DataLocation.EXTERNAL || t.getExternalDataCount() > 0) {
            throw new QuantizationException("initializer '" + t.getName()
                    + "' keeps its data in an external file, which fp16 conversion does not support");
        }
        if (!t.getRawData().isEmpty()) {
            FloatBuffer buffer = t.getRawData().asReadOnlyByteBuffer().order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer();
            float[] values = new float[buffer.remaining()];
            buffer.get(values);
            return values;
        }
        float[] values = new float[t.getFloatDataCount()];
        for (int i = 0; i < values.length; i++) {
            values[i] = t.getFloatData(i);
        }
        return values;
    }
}
