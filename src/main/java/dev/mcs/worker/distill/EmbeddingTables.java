package dev.mcs.worker.distill;

import ai.onnx.proto.OnnxMl;
import dev.mcs.worker.train.onnx.TrainableOnnxModel;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The embedding tables a layers student reads its token inputs through: weights a {@code Gather} indexes with a graph
 * input (the word table, and the token-type table where there is one). Frozen, they keep the teacher's vocabulary
 * geometry, and the largest weight of the model stops moving with few sentences' worth of words.
 */
final class EmbeddingTables {

    private EmbeddingTables() {}

    /** Freezes the tables and returns their names. */
    static List<String> freeze(TrainableOnnxModel student) {
        Set<String> inputs = Set.copyOf(student.inputNames());
        Set<String> tables = new LinkedHashSet<>();
        for (OnnxMl.NodeProto node : student.proto().getGraph().getNodeList()) {
            if (node.getOpType().equals("Gather") && inputs.contains(node.getInput(1))
                    && student.parameters().containsKey(node.getInput(0))) {
                tables.add(node.getInput(0));
            }
        }
        student.freeze(tables::contains, true);
        return List.copyOf(tables);
    }
}
