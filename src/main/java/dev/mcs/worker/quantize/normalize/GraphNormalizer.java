package dev.mcs.worker.quantize.normalize;

import ai.onnx.proto.OnnxMl;

/**
 * Normalizes a parsed model before a quantization method reads it (the proto is immutable: the result is a new
 * model and the input is untouched). In order: IR version at least 4, so initializers need not be graph inputs;
 * Constant nodes holding tensors become initializers; exact constant subgraphs are folded; the opset is raised
 * to what the method needs; and constants the converters added are folded where they made more folding
 * possible. No step needs shape inference: every converter here is exact without knowing shapes.
 */
public final class GraphNormalizer {

    /** IR 4 (ONNX 1.3) let initializers stand alone; before it they had to be listed among the graph inputs too. */
    private static final long IR_STANDALONE_INITIALIZERS = 4;

    private GraphNormalizer() {
    }

    /**
     * @throws NormalizationException naming the operator, node or opset that could not be normalized
     */
    public static Normalized normalize(OnnxMl.ModelProto model, OpsetGoal goal) throws NormalizationException {
        OnnxMl.ModelProto m = model.getIrVersion() >= IR_STANDALONE_INITIALIZERS ? model
                : model.toBuilder().setIrVersion(IR_STANDALONE_INITIALIZERS).build();
        ConstantLifter.Result lifted = ConstantLifter.lift(m.getGraph());
        ConstantFolder.Result folded = ConstantFolder.fold(lifted.graph());
        OpsetUpgrader.Result upgraded = OpsetUpgrader.upgrade(m.toBuilder().setGraph(folded.graph()).build(), goal);
        ConstantFolder.Result refolded = ConstantFolder.fold(upgraded.model().getGraph());
        OnnxMl.ModelProto out = refolded.folded() == 0 && lifted.lifted() == 0 && folded.folded() == 0
                && upgraded.converted() == 0 && upgraded.from() == upgraded.to() ? model
                : upgraded.model().toBuilder().setGraph(refolded.graph()).build();
        return new Normalized(out, lifted.lifted(), folded.folded() + refolded.folded(), upgraded.from(), upgraded.to(),
                upgraded.converted());
    }
}
