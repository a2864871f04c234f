package dev.mcs.worker.distill.layers;

import ai.onnx.proto.OnnxMl;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The layers of a BERT-family (post-LayerNorm) encoder, found from the graph's structure: the residual stream runs
 * from LayerNorm to LayerNorm, each LayerNorm reading an {@code Add} of the previous LayerNorm's output and a
 * block's result. The longest such chain is the encoder: the embeddings' LayerNorm, then two LayerNorms per layer,
 * one after the attention block (which holds the Softmax) and one after the feed-forward block.
 *
 * @param layers the layers in order
 */
public record EncoderLayers(List<Layer> layers) {

    /**
     * One encoder layer as points of the residual stream.
     *
     * @param input the tensor the layer reads (the previous layer's or the embeddings' LayerNorm output)
     * @param middle the output of the LayerNorm after its attention block
     * @param output the output of the LayerNorm after its feed-forward block
     */
    public record Layer(String input, String middle, String output) {}

    public int count() {
        return layers.size();
    }

    /**
     * @throws IllegalArgumentException when the graph holds no such chain of at least one layer, saying what was
     *     found instead
     */
    public static EncoderLayers find(OnnxMl.GraphProto graph) {
        GraphIndex index = new GraphIndex(graph);
        List<String> stream = longestChain(index, new LayerNorms(index).find());
        if (stream.size() < 3) {
            throw new IllegalArgumentException("no transformer encoder layers found: the graph has no residual stream"
                    + " of LayerNorms (fused or decomposed) joined by Add, as BERT-family encoders have (found a chain"
                    + " of " + stream.size() + ")");
        }
        List<Layer> layers = new ArrayList<>();
        for (int i = 0; i + 2 < stream.size(); i += 2) {
            Layer layer = new Layer(stream.get(i), stream.get(i + 1), stream.get(i + 2));
            requireAttention(index, layer, i / 2);
            layers.add(layer);
        }
        return new EncoderLayers(List.copyOf(layers));
    }

    /** LayerNorm outputs along the longest residual chain, from the embeddings' LayerNorm on. */
    private static List<String> longestChain(GraphIndex index, Map<String, String> norms) {
        Map<String, String> next = new HashMap<>();
        for (Map.Entry<String, String> norm : norms.entrySet()) {
            OnnxMl.NodeProto add = index.producer(norm.getKey());
            if (add != null && add.getOpType().equals("Add")) {
                add.getInputList().stream().filter(norms::containsValue).findFirst()
                        .ifPresent(previous -> next.put(previous, norm.getValue()));
            }
        }
        List<String> longest = List.of();
        for (String start : norms.values()) {
            if (next.containsValue(start)) {
                continue;
            }
            List<String> chain = new ArrayList<>(List.of(start));
            while (next.containsKey(chain.get(chain.size() - 1)) && chain.size() <= norms.size()) {
                chain.add(next.get(chain.get(chain.size() - 1)));
            }
            longest = chain.size() > longest.size() ? chain : longest;
        }
        return longest;
    }

    private static void requireAttention(GraphIndex index, Layer layer, int number) {
        boolean softmax = index.between(layer.input(), layer.middle()).stream()
                .anyMatch(n -> index.node(n).getOpType().equals("Softmax"));
        if (!softmax) {
            throw new IllegalArgumentException("the residual stream's block " + number + " has no Softmax before its"
                    + " first LayerNorm, so it is not a post-LayerNorm attention layer (BERT family)");
        }
    }
}
