package dev.mcs.worker.distill.layers;

import ai.onnx.proto.OnnxMl;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtSession;
import dev.mcs.worker.engine.DatasetInputs;
import dev.mcs.worker.engine.DatasetPart;
import dev.mcs.worker.engine.InputTensors;
import dev.mcs.worker.engine.ModelInput;
import dev.mcs.worker.engine.OrtRuntime;
import dev.mcs.worker.engine.Sample;
import dev.mcs.worker.train.onnx.SampleBatches;
import java.nio.FloatBuffer;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Runs encoder graphs in ONNX Runtime on the first 32 samples of a token dataset, for comparing layer cuts. */
final class EncoderRuns {

    private EncoderRuns() {}

    static float[] output(OnnxMl.ModelProto model, Path npz, String name) throws Exception {
        List<ModelInput> inputs = ModelInput.fed(model.getGraph());
        List<Sample> samples = DatasetInputs.read(DatasetPart.whole(npz), inputs, 32, "no samples").samples();
        try (OrtSession.SessionOptions options = OrtRuntime.sessionOptions();
                OrtSession session = OrtRuntime.environment().createSession(model.toByteArray(), options);
                InputTensors feed = InputTensors.of(OrtRuntime.environment(), SampleBatches.stack(samples));
                OrtSession.Result result = session.run(feed.tensors(), Set.of(name))) {
            FloatBuffer values = ((OnnxTensor) result.get(0)).getFloatBuffer();
            float[] out = new float[values.remaining()];
            values.get(out);
            return out;
        }
    }

    static OnnxMl.ModelProto withOutput(OnnxMl.ModelProto model, String tensor) {
        return ExtraOutputs.expose(model, List.of(tensor));
    }

    static double maxAbsDifference(float[] a, float[] b) {
        if (a.length != b.length) {
            return Double.POSITIVE_INFINITY;
        }
        double worst = 0;
        for (int i = 0; i < a.length; i++) {
            worst = Math.max(worst, Math.abs(a[i] - b[i]));
        }
        return worst;
    }

    static long weightCount(OnnxMl.ModelProto model) {
        return model.getGraph().getInitializerList().stream()
                .mapToLong(t -> t.getDimsList().stream().reduce(1L, (x, y) -> x * y)).sum();
    }

    /** Every node and every tensor that is not a graph input or output renamed to a meaningless one. */
    static OnnxMl.ModelProto renamed(OnnxMl.ModelProto model) {
        OnnxMl.GraphProto graph = model.getGraph();
        Map<String, String> names = new HashMap<>();
        graph.getNodeList().forEach(n -> n.getOutputList().forEach(o -> names.putIfAbsent(o, "t" + names.size())));
        graph.getInitializerList().forEach(t -> names.putIfAbsent(t.getName(), "t" + names.size()));
        graph.getInputList().forEach(i -> names.put(i.getName(), i.getName()));
        graph.getOutputList().forEach(o -> names.put(o.getName(), o.getName()));
        OnnxMl.GraphProto.Builder out = graph.toBuilder().clearValueInfo();
        for (int i = 0; i < out.getNodeCount(); i++) {
            OnnxMl.NodeProto.Builder node = out.getNode(i).toBuilder().setName("n" + i);
            for (int j = 0; j < node.getInputCount(); j++) {
                node.setInput(j, names.getOrDefault(node.getInput(j), node.getInput(j)));
            }
            for (int j = 0; j < node.getOutputCount(); j++) {
                node.setOutput(j, names.get(node.getOutput(j)));
            }
            out.setNode(i, node);
        }
        for (int i = 0; i < out.getInitializerCount(); i++) {
            out.setInitializer(i, out.getInitializer(i).toBuilder().setName(names.get(out.getInitializer(i).getName())));
        }
        return model.toBuilder().setGraph(out).build();
    }
}
