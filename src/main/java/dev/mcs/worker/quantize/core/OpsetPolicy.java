package dev.mcs.worker.quantize.core;

import ai.onnx.proto.OnnxMl;
import dev.mcs.worker.quantize.normalize.OperatorChanges;
import java.util.Set;

/**
 * Chooses the default-domain opset of the quantized model.
 *
 * <p>The ops we add need opset 11 (DynamicQuantizeLinear); 13 is preferred. Models older than a method
 * needs were already upgraded by the normalizer ({@link FloatModel}); here the opset is only raised further
 * when no op in the model changed meaning or signature on the way ({@link OperatorChanges}): e.g. the
 * all-MiniLM-L6-v2 export is opset 11 with Unsqueeze and Softmax, and keeps it. The ops we replace (MatMul,
 * Gemm, Gather) only gained types or optional inputs between 10 and 13.
 */
public final class OpsetPolicy {

    static final long MINIMUM_SUPPORTED = 10;
    static final long REQUIRED = 11;
    public static final long PREFERRED = 13;

    private OpsetPolicy() {
    }

    public static long current(OnnxMl.ModelProto model) throws QuantizationException {
        for (OnnxMl.OperatorSetIdProto opset : model.getOpsetImportList()) {
            if (Protos.isDefaultDomain(opset.getDomain())) {
                return opset.getVersion();
            }
        }
        throw new QuantizationException("the model declares no opset for the default ONNX domain");
    }

    /** The opset to write, never lower than the current one; {@code method} is named in refusals. */
    public static long target(OnnxMl.ModelProto model, String method) throws QuantizationException {
        long current = current(model);
        if (current < MINIMUM_SUPPORTED) {
            throw new QuantizationException("the model uses ONNX opset " + current + "; " + method + " needs opset "
                    + MINIMUM_SUPPORTED + " or newer: re-export the model with opset 13");
        }
        if (current >= PREFERRED) {
            return current;
        }
        Set<String> ops = OperatorChanges.opTypes(model.getGraph());
        if (OperatorChanges.breaking(ops, current, PREFERRED).isEmpty()) {
            return PREFERRED;
        }
        if (current >= REQUIRED) {
            return current;
        }
        Set<String> blockers = OperatorChanges.breaking(ops, current, REQUIRED);
        if (blockers.isEmpty()) {
            return REQUIRED;
        }
        throw new QuantizationException("the model uses opset " + current + " and ops " + blockers
                + " that changed in opset " + REQUIRED + ", which " + method + " needs: re-export the model with opset 13");
    }

    public static OnnxMl.ModelProto withDefaultOpset(OnnxMl.ModelProto model, long version) {
        OnnxMl.ModelProto.Builder b = model.toBuilder();
        for (int i = 0; i < b.getOpsetImportCount(); i++) {
            if (Protos.isDefaultDomain(b.getOpsetImport(i).getDomain())) {
                b.setOpsetImport(i, b.getOpsetImport(i).toBuilder().setVersion(version));
            }
        }
        return b.build();
    }
}
