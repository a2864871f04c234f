package dev.mcs.worker.quantize.weightonly;

import ai.onnx.proto.OnnxMl;
import dev.mcs.shared.technique.JobType;
import dev.mcs.shared.technique.MethodKey;
import dev.mcs.shared.technique.quantize.WeightOnlyParams;
import dev.mcs.worker.quantize.core.FloatModel;
import dev.mcs.worker.quantize.core.OnnxModelFiles;
import dev.mcs.worker.quantize.core.OpsetPolicy;
import dev.mcs.worker.quantize.core.QuantizationException;
import dev.mcs.worker.quantize.normalize.OpsetGoal;
import dev.mcs.worker.technique.MethodRun;
import dev.mcs.worker.technique.MethodRunner;
import dev.mcs.worker.technique.TechniqueException;
import java.io.IOException;

/**
 * {@code weight_only_int4} and {@code weight_only_int8}: MatMul/Gemm weights quantized block-wise along K,
 * activations left float; no calibration data. 4 bits run in ORT's MatMulNBits kernel; 8 bits are stored
 * int8 and rebuilt to float at session load (see {@link WeightOnlyInt8Rewriter} for why).
 */
public final class WeightOnlyMethod implements MethodRunner {

    private final int bits;

    public WeightOnlyMethod(int bits) {
        this.bits = bits;
    }

    @Override
    public MethodKey key() {
        return new MethodKey(JobType.QUANTIZE, name());
    }

    private String name() {
        return "weight_only_int" + bits;
    }

    @Override
    public Record apply(MethodRun request) throws IOException, TechniqueException {
        long start = System.nanoTime();
        WeightOnlyOptions options = WeightOnlyOptions.of(bits, request.params(WeightOnlyParams.class));
        // int8 embeddings are written with DequantizeLinear (opset 10); the other forms run at any opset.
        OnnxMl.ModelProto model = FloatModel.read(request.input(), name(),
                options.embeddings().equals("int8") ? new OpsetGoal(10, 10) : OpsetGoal.ANY);
        if (options.embeddings().equals("int8") && OpsetPolicy.current(model) < 10) {
            throw new QuantizationException("int8 embeddings need DequantizeLinear (opset 10); the model uses opset "
                    + OpsetPolicy.current(model) + ": choose embeddings=float or int4, or re-export with opset 13");
        }
        WeightOnlyGraph.Result result = new WeightOnlyGraph(model.getGraph(), options).rewrite();
        if (result.matMuls() + result.gemms() + result.embeddings() == 0) {
            throw new QuantizationException("nothing to quantize: the model has no MatMul or Gemm with a constant"
                    + " 2-D float weight" + (options.embeddings().equals("float") ? "" : " and no embedding table"));
        }
        OnnxMl.ModelProto.Builder out = OnnxModelFiles.withDomain(model, WeightOnlyMatMulRewriter.MS_DOMAIN, 1)
                .toBuilder().setGraph(result.graph());
        if (options.embeddings().equals("int4") && result.embeddings() > 0) {
            out.setIrVersion(Math.max(out.getIrVersion(), WeightOnlyEmbeddings.INT4_IR_VERSION));
        }
        OnnxModelFiles.write(out.build(), request.output());
        return summary(options, model, result, (System.nanoTime() - start) / 1_000_000);
    }

    private WeightOnlySummary summary(WeightOnlyOptions o, OnnxMl.ModelProto model, WeightOnlyGraph.Result r, long ms) {
        HqqOptimizer.Settings h = o.hqq();
        return new WeightOnlySummary(name(), bits, o.blockSize(), o.symmetricFor(bits), o.algorithm(),
                h == null ? null : h.p(), h == null ? null : h.beta(), h == null ? null : h.kappa(),
                h == null ? null : h.iterations(), o.embeddings(), r.matMuls(), r.gemms(), r.embeddings(),
                r.floatKept(), r.excluded(), OnnxModelFiles.initializerBytes(model.getGraph()),
                OnnxModelFiles.initializerBytes(r.graph()), ms, r.quantizedNodes());
    }
}
