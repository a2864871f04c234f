package dev.mcs.worker.inspect;

import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import dev.mcs.worker.engine.InputTensors;
import dev.mcs.worker.engine.InvalidModelException;
import dev.mcs.worker.engine.OrtRuntime;
import java.nio.file.Path;

/** Loads an ONNX model with ONNX Runtime and runs it once on synthetic inputs. */
final class OnnxSmoke {

    private static final long SEED = 42L;

    private OnnxSmoke() {}

    /**
     * @throws InvalidModelException if ORT cannot load the model; a failing run is reported, not thrown
     */
    static SmokeTest run(Path model) throws InvalidModelException {
        OrtEnvironment env = OrtRuntime.environment();
        try (OrtSession.SessionOptions options = OrtRuntime.sessionOptions();
                OrtSession session = open(env, model, options)) {
            return smoke(env, session);
        } catch (OrtException e) {
            // Only options or close end up here: trouble with the engine, not with the model.
            throw new IllegalStateException("ONNX Runtime failed: " + e.getMessage(), e);
        }
    }

    private static OrtSession open(OrtEnvironment env, Path model, OrtSession.SessionOptions options)
            throws InvalidModelException {
        try {
            return env.createSession(model.toString(), options);
        } catch (OrtException e) {
            throw new InvalidModelException(EngineMessages.concise(e, model), e);
        }
    }

    private static SmokeTest smoke(OrtEnvironment env, OrtSession session) {
        try (InputTensors inputs = InputTensors.synthetic(env, session.getInputInfo(), SEED)) {
            runOnce(session, inputs);
            long start = System.nanoTime();
            runOnce(session, inputs);
            double latencyMs = (System.nanoTime() - start) / 1e6;
            return SmokeTest.passed(latencyMs, "synthetic inputs: " + inputs.description());
        } catch (OrtException | RuntimeException e) {
            return SmokeTest.failed(EngineMessages.concise(e, null));
        }
    }

    private static void runOnce(OrtSession session, InputTensors inputs) throws OrtException {
        try (OrtSession.Result ignored = session.run(inputs.tensors())) {
            // Only the run matters here; the result is freed at once.
        }
    }
}
