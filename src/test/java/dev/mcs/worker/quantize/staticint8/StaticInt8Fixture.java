package dev.mcs.worker.quantize.staticint8;

import ai.onnx.proto.OnnxMl;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;
import dev.mcs.shared.format.npz.NpzArchive;
import dev.mcs.worker.engine.OrtRuntime;
import dev.mcs.worker.quantize.TestModel;
import java.nio.FloatBuffer;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/** The digits fixtures, their holdout data, and what ONNX Runtime makes of a model. */
public final class StaticInt8Fixture {

    public static final Path CNN = Path.of("src/test/resources/fixtures/digits_cnn.onnx");
    public static final Path CNN_HOLDOUT = Path.of("src/test/resources/fixtures/digits_cnn_holdout.npz");
    public static final Path MLP = Path.of("src/test/resources/fixtures/digits_mlp.onnx");
    public static final Path MLP_HOLDOUT = Path.of("src/test/resources/fixtures/digits_mlp_holdout.npz");
    public static final double CNN_FP32_ACCURACY = 0.9916666666666667;
    public static final double MLP_FP32_ACCURACY = 0.9694444444444444;

    private StaticInt8Fixture() {
    }

    /** Top-1 accuracy on the holdout, all samples in one batch, ORT with all optimizations. */
    public static double accuracy(Path model, Path holdout, long... sampleShape) throws Exception {
        float[] inputs;
        long[] labels;
        try (NpzArchive npz = NpzArchive.open(holdout)) {
            inputs = npz.readFloats("input");
            labels = npz.readLongs("labels");
        }
        long[] shape = new long[sampleShape.length + 1];
        shape[0] = labels.length;
        System.arraycopy(sampleShape, 0, shape, 1, sampleShape.length);
        OrtEnvironment env = OrtRuntime.environment();
        try (OrtSession.SessionOptions options = OrtRuntime.sessionOptions();
             OrtSession session = env.createSession(model.toString(), options);
             OnnxTensor x = OnnxTensor.createTensor(env, FloatBuffer.wrap(inputs), shape);
             OrtSession.Result result = session.run(Map.of("input", x))) {
            FloatBuffer logits = ((OnnxTensor) result.get(0)).getFloatBuffer();
            int classes = logits.remaining() / labels.length;
            int correct = 0;
            for (int s = 0; s < labels.length; s++) {
                correct += argmax(logits, s * classes, classes) == labels[s] ? 1 : 0;
            }
            return correct / (double) labels.length;
        }
    }

    private static int argmax(FloatBuffer logits, int offset, int classes) {
        int best = 0;
        for (int c = 1; c < classes; c++) {
            best = logits.get(offset + c) > logits.get(offset + best) ? c : best;
        }
        return best;
    }

    /** Op types of the graph ORT runs after its optimizations (written out by the session). */
    public static List<String> optimizedOpTypes(Path model, Path optimizedFile) throws Exception {
        OrtEnvironment env = OrtRuntime.environment();
        try (OrtSession.SessionOptions options = OrtRuntime.sessionOptions()) {
            options.setOptimizedModelFilePath(optimizedFile.toString());
            env.createSession(model.toString(), options).close();
        }
        OnnxMl.GraphProto graph = TestModel.read(optimizedFile).getGraph();
        return graph.getNodeList().stream().map(OnnxMl.NodeProto::getOpType).toList();
    }
}
