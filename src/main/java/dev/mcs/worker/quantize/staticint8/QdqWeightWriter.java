package dev.mcs.worker.quantize.staticint8;

import ai.onnx.proto.OnnxMl;
import dev.mcs.worker.quantize.core.NameScope;
import dev.mcs.worker.quantize.core.Protos;
import dev.mcs.worker.quantize.core.QuantizationException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Replaces a target's float weight by int8 + DequantizeLinear (symmetric, zero point 0, per output channel
 * when allowed) and its float bias by int32 + DequantizeLinear with scale input_scale × weight_scale, the
 * form ONNX Runtime's QDQ fusion needs to turn the node into QLinearConv / QGemm.
 */
final class QdqWeightWriter {

    private final Map<String, OnnxMl.TensorProto> initializers;
    private final NameScope names;
    private final List<OnnxMl.TensorProto> added;
    private final boolean perChannel;
    private final Set<String> replaced = new HashSet<>();

    QdqWeightWriter(Map<String, OnnxMl.TensorProto> initializers, NameScope names, List<OnnxMl.TensorProto> added,
                    boolean perChannel) {
        this.initializers = initializers;
        this.names = names;
        this.added = added;
        this.perChannel = perChannel;
    }

    /** Float initializers that were replaced; the caller drops those nothing reads any more. */
    Set<String> replaced() {
        return replaced;
    }

    /** The DequantizeLinear nodes to place before the target; points {@code node}'s weight and bias inputs at them. */
    List<OnnxMl.NodeProto> write(StaticQuantTarget target, float inputScale, OnnxMl.NodeProto.Builder node)
            throws QuantizationException {
        List<OnnxMl.NodeProto> nodes = new ArrayList<>();
        OnnxMl.TensorProto w = initializers.get(target.weight());
        long[] dims = QdqTensors.dims(w);
        QdqWeights.Int8 q = QdqWeights.int8(QdqTensors.floats(w), dims, target.axis(), perChannel);
        String base = target.weight();
        int axis = perChannel ? target.axis() : -1;
        String wq = names.fresh(base + "_quantized");
        added.add(Protos.int8(wq, q.values(), dims));
        String[] params = scaleAndZero(base, q.scales(), OnnxMl.TensorProto.DataType.INT8_VALUE);
        String wdq = names.fresh(base + "_dequantized");
        nodes.add(QdqTensors.dequantize(names.fresh(base + "_DequantizeLinear"), wq, params[0], params[1], wdq, axis));
        node.setInput(1, wdq);
        replaced.add(base);
        if (target.bias() != null) {
            nodes.add(bias(target.bias(), inputScale, q.scales(), node));
        }
        return nodes;
    }

    private OnnxMl.NodeProto bias(String base, float inputScale, float[] weightScales, OnnxMl.NodeProto.Builder node)
            throws QuantizationException {
        float[] b = QdqTensors.floats(initializers.get(base));
        float[] scales = QdqWeights.biasScales(inputScale, weightScales, weightScales.length == 1 ? 1 : b.length);
        float[] perElement = scales.length == 1 ? QdqWeights.biasScales(inputScale, weightScales, b.length) : scales;
        String bq = names.fresh(base + "_quantized");
        added.add(QdqTensors.int32(bq, QdqWeights.int32(b, perElement), b.length));
        String[] params = scaleAndZero(base, scales, OnnxMl.TensorProto.DataType.INT32_VALUE);
        String bdq = names.fresh(base + "_dequantized");
        node.setInput(2, bdq);
        replaced.add(base);
        return QdqTensors.dequantize(names.fresh(base + "_DequantizeLinear"), bq, params[0], params[1], bdq,
                scales.length == 1 ? -1 : 0);
    }

    /** Scale and zero-point initializers: a scalar for one scale, else a vector along the channel axis. */
    private String[] scaleAndZero(String base, float[] scales, int zeroType) {
        String scale = names.fresh(base + "_scale");
        String zero = names.fresh(base + "_zero_point");
        long[] dims = scales.length == 1 ? new long[0] : new long[] {scales.length};
        added.add(Protos.floats(scale, scales, dims));
        added.add(zeroType == OnnxMl.TensorProto.DataType.INT8_VALUE
                ? Protos.int8(zero, new byte[scales.length], dims)
                : QdqTensors.int32(zero, new int[scales.length], dims));
        return new String[] {scale, zero};
    }
}
