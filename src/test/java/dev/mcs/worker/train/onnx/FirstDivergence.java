package dev.mcs.worker.train.onnx;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.onnx.proto.OnnxMl;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtSession;
import dev.mcs.worker.engine.InputTensors;
import dev.mcs.worker.engine.OrtRuntime;
import dev.mcs.worker.engine.Sample;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** For diagnosing a parity failure: the first float intermediate (in node order) where executor and ORT differ. */
final class FirstDivergence {

    private FirstDivergence() {
    }

    static String find(OnnxMl.ModelProto model, NDManager manager, Sample sample, double tolerance) throws Exception {
        List<String> names = new ArrayList<>();
        OnnxMl.GraphProto.Builder graph = model.getGraph().toBuilder();
        for (OnnxMl.NodeProto node : model.getGraph().getNodeList()) {
            for (String out : node.getOutputList()) {
                if (!out.isEmpty()) {
                    names.add(out);
                    graph.addOutput(OnnxMl.ValueInfoProto.newBuilder().setName(out));
                }
            }
        }
        OnnxMl.ModelProto all = model.toBuilder().setGraph(graph).build();
        try (TrainableOnnxModel executor = TrainableOnnxModel.load(model, manager);
                NDManager scope = manager.newSubManager();
                OrtSession.SessionOptions options = new OrtSession.SessionOptions();
                OrtSession session = OrtRuntime.environment().createSession(all.toByteArray(), options);
                InputTensors inputs = InputTensors.of(OrtRuntime.environment(), sample);
                OrtSession.Result result = session.run(inputs.tensors())) {
            Map<String, NDArray> mine = executor.forward(scope, HostArrays.of(scope, sample), names);
            for (String name : names) {
                OnnxTensor t = (OnnxTensor) result.get(name).orElseThrow();
                if (t.getInfo().type != ai.onnxruntime.OnnxJavaType.FLOAT) {
                    continue;
                }
                float[] ref = new float[t.getFloatBuffer().remaining()];
                t.getFloatBuffer().get(ref);
                double[] refD = new double[ref.length];
                for (int i = 0; i < ref.length; i++) {
                    refD[i] = ref[i];
                }
                double[] got = mine.get(name).stopGradient().toType(DataType.FLOAT64, false).toDoubleArray();
                if (got.length != refD.length) {
                    return name + ": shape " + mine.get(name).getShape() + " vs ORT " + java.util.Arrays.toString(t.getInfo().getShape());
                }
                OutputParity p = OutputParity.of(name, got, refD);
                if (p.relative() > tolerance) {
                    return name + ": " + p + " relative " + p.relative();
                }
            }
        }
        return "none";
    }
}
