package dev.mcs.worker.train.onnx;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDManager;
import ai.onnx.proto.OnnxMl;
import dev.mcs.worker.engine.Sample;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A one-layer BERT-like encoder built here the way exporters write it: embeddings through Gather, positions from
 * Shape/Gather/Unsqueeze/Slice and Expand, a decomposed LayerNorm (ReduceMean/Sub/Pow/Sqrt/Div) and a fused one,
 * multi-head attention through Reshape/Transpose/MatMul with an attention mask from Cast, Equal, ConstantOfShape
 * and Where, an Erf-GELU feed-forward block, a Tanh pooler on the first token, and a reversed Slice.
 */
class TransformerParityTest {

    private static final int FLOAT = OnnxMl.TensorProto.DataType.FLOAT_VALUE;
    private static final int INT64 = OnnxMl.TensorProto.DataType.INT64_VALUE;
    static final int VOCAB = 50;
    static final int HIDDEN = 16;
    static final int HEADS = 2;
    static final int MAX_POSITIONS = 12;

    private static NDManager manager;

    @BeforeAll
    static void engines() {
        manager = Executors.torch();
    }

    @AfterAll
    static void close() {
        manager.close();
    }

    static GraphBuilder encoder() {
        GraphBuilder g = new GraphBuilder(11).input("input_ids", INT64, -1, -1).input("attention_mask", INT64, -1, -1);
        long[] positions = new long[MAX_POSITIONS];
        for (int i = 0; i < positions.length; i++) {
            positions[i] = i;
        }
        g.weights("word_embeddings", 0, 0.5f, VOCAB, HIDDEN).weights("position_embeddings", 0, 0.2f, MAX_POSITIONS, HIDDEN)
                .longs("position_ids", positions, 1, MAX_POSITIONS).longs("one", new long[] {1})
                .longs("zero1", new long[] {0}, 1).longs("zero", new long[] {0}).longs("axis1", new long[] {1}, 1)
                .floats("two", new float[] {2}).floats("eps", new float[] {1e-12f})
                .weights("ln_gamma", 1, 0.1f, HIDDEN).weights("ln_beta", 0, 0.1f, HIDDEN);
        embeddings(g);
        attention(g);
        feedForward(g);
        return g.output("last_hidden_state", -1, -1, HIDDEN).output("pooler_output", -1, HIDDEN)
                .output("reversed_sum", -1, HIDDEN);
    }

    private static void embeddings(GraphBuilder g) {
        g.node("Gather", "word_embeddings,input_ids", "words")
                .node("Shape", "input_ids", "ids_shape")
                .node("Gather", "ids_shape,one", "seq_len", "axis", 0L)
                .node("Unsqueeze", "seq_len,zero1", "seq_len_1")
                .node("Slice", "position_ids,zero1,seq_len_1,axis1", "pos_ids")
                .node("Gather", "position_embeddings,pos_ids", "pos")
                .node("Shape", "words", "words_shape")
                .node("Expand", "pos,words_shape", "pos_expanded")
                .node("Add", "words,pos_expanded", "emb")
                .node("ReduceMean", "emb", "mean", "axes", new long[] {-1})
                .node("Sub", "emb,mean", "centered")
                .node("Pow", "centered,two", "squared")
                .node("ReduceMean", "squared", "variance", "axes", new long[] {-1})
                .node("Add", "variance,eps", "variance_eps")
                .node("Sqrt", "variance_eps", "std")
                .node("Div", "centered,std", "normed")
                .node("Mul", "normed,ln_gamma", "scaled")
                .node("Add", "scaled,ln_beta", "x");
    }

    private static void attention(GraphBuilder g) {
        int headSize = HIDDEN / HEADS;
        g.longs("heads", new long[] {HEADS, headSize}, 2).floats("sqrt_d", new float[] {(float) Math.sqrt(headSize)})
                .floats("neg", new float[] {-1e9f}).longs("merge", new long[] {0, 0, -1}, 3)
                .longs("mask_axes", new long[] {1, 2}, 2).weights("wo", 0, 0.2f, HIDDEN, HIDDEN).weights("bo", 0, 0.1f, HIDDEN);
        for (String p : new String[] {"q", "k", "v"}) {
            g.weights("w" + p, 0, 0.3f, HIDDEN, HIDDEN).weights("b" + p, 0, 0.1f, HIDDEN)
                    .node("MatMul", "x,w" + p, p + "_mm").node("Add", p + "_mm,b" + p, p);
        }
        g.node("Shape", "x", "x_shape")
                .node("Gather", "x_shape,zero", "batch", "axis", 0L)
                .node("Unsqueeze", "batch,zero1", "batch_1")
                .node("Concat", "batch_1,seq_len_1,heads", "split_shape", "axis", 0L);
        for (String p : new String[] {"q", "k", "v"}) {
            g.node("Reshape", p + ",split_shape", p + "_split");
        }
        g.node("Transpose", "q_split", "qh", "perm", new long[] {0, 2, 1, 3})
                .node("Transpose", "k_split", "kh", "perm", new long[] {0, 2, 3, 1})
                .node("Transpose", "v_split", "vh", "perm", new long[] {0, 2, 1, 3})
                .node("MatMul", "qh,kh", "scores_raw")
                .node("Div", "scores_raw,sqrt_d", "scores")
                .node("Unsqueeze", "attention_mask,mask_axes", "mask4")
                .node("Equal", "mask4,zero", "masked_out")
                .node("Shape", "scores", "scores_shape")
                .node("ConstantOfShape", new String[] {"scores_shape"}, new String[] {"filled"},
                        "value", GraphBuilder.floatTensor("fill", -1e4f))
                .node("Where", "masked_out,filled,scores", "scores_masked")
                .node("Cast", "mask4", "mask_float", "to", (long) FLOAT)
                .node("Softmax", "scores_masked", "probs", "axis", -1L)
                .node("Mul", "probs,mask_float", "probs_masked")
                .node("MatMul", "probs_masked,vh", "ctx")
                .node("Transpose", "ctx", "ctx_t", "perm", new long[] {0, 2, 1, 3})
                .node("Reshape", "ctx_t,merge", "ctx_merged")
                .node("MatMul", "ctx_merged,wo", "attn_mm").node("Add", "attn_mm,bo", "attn")
                .node("Add", "attn,x", "residual")
                .weights("ln2_gamma", 1, 0.1f, HIDDEN).weights("ln2_beta", 0, 0.1f, HIDDEN)
                .node("LayerNormalization", "residual,ln2_gamma,ln2_beta", "h", "axis", -1L, "epsilon", 1e-12f);
    }

    private static void feedForward(GraphBuilder g) {
        g.weights("w1", 0, 0.3f, HIDDEN, 4 * HIDDEN).weights("b1", 0, 0.1f, 4 * HIDDEN)
                .weights("w2", 0, 0.2f, 4 * HIDDEN, HIDDEN).weights("b2", 0, 0.1f, HIDDEN)
                .floats("half", new float[] {0.5f}).floats("sqrt2", new float[] {1.4142135f}).floats("onef", new float[] {1})
                .weights("wp", 0, 0.3f, HIDDEN, HIDDEN).weights("bp", 0, 0.1f, HIDDEN)
                .longs("minus1", new long[] {-1}, 1).longs("far", new long[] {Long.MIN_VALUE}, 1)
                .node("MatMul", "h,w1", "f1_mm").node("Add", "f1_mm,b1", "f1")
                .node("Div", "f1,sqrt2", "f1_scaled").node("Erf", "f1_scaled", "f1_erf")
                .node("Add", "f1_erf,onef", "f1_erf1").node("Mul", "f1,f1_erf1", "f1_g").node("Mul", "f1_g,half", "gelu")
                .node("MatMul", "gelu,w2", "f2_mm").node("Add", "f2_mm,b2", "f2")
                .node("Add", "f2,h", "last_hidden_state")
                .node("Slice", "last_hidden_state,zero1,axis1,axis1", "first_token")
                .node("Squeeze", "first_token,axis1", "cls")
                .node("Gemm", "cls,wp,bp", "pooled", "transB", 1L)
                .node("Tanh", "pooled", "pooler_output")
                .node("Slice", "last_hidden_state,minus1,far,axis1,minus1", "reversed")
                .node("ReduceSum", "reversed,axis1", "reversed_sum", "keepdims", 0L);
    }

    static Sample tokens(long seed, int batch, int length) {
        java.util.Random r = new java.util.Random(seed);
        long[] ids = new long[batch * length];
        long[] mask = new long[batch * length];
        for (int b = 0; b < batch; b++) {
            int real = 2 + r.nextInt(length - 1);
            for (int t = 0; t < length; t++) {
                ids[b * length + t] = t < real ? 1 + r.nextInt(VOCAB - 1) : 0;
                mask[b * length + t] = t < real ? 1 : 0;
            }
        }
        return new Sample(Map.of("input_ids", GraphBuilder.longValues(ids, batch, length),
                "attention_mask", GraphBuilder.longValues(mask, batch, length)));
    }

    @Test
    void aBertLikeEncoderMatchesOnnxRuntimeForEveryOutput() throws Exception {
        OnnxMl.ModelProto model = encoder().model(17);
        List<Sample> batches = List.of(tokens(1, 4, 9), tokens(2, 1, 12), tokens(3, 3, 5));
        try (TrainableOnnxModel executor = TrainableOnnxModel.load(model, manager)) {
            ParityReport report = OrtParity.require(executor, manager, batches);

            assertThat(report.outputs()).extracting(OutputParity::output)
                    .containsExactly("last_hidden_state", "pooler_output", "reversed_sum");
            assertThat(report.worst().relative()).isLessThan(OrtParity.TOLERANCE);
            assertThat(executor.inputNames()).containsExactly("input_ids", "attention_mask");
            assertThat(executor.parameters()).containsKeys("word_embeddings", "wq", "ln_gamma", "ln2_gamma", "wp")
                    .doesNotContainKeys("position_ids", "two", "eps", "sqrt_d");
        }
    }

    @Test
    void anIntermediateTensorCanBeReadByName() throws Exception {
        try (TrainableOnnxModel executor = TrainableOnnxModel.load(encoder().model(17), manager);
                NDManager scope = manager.newSubManager()) {
            var out = executor.forward(scope, HostArrays.of(scope, tokens(4, 2, 6)), List.of("probs", "h", "split_shape"));

            assertThat(out.get("probs").getShape().getShape()).containsExactly(2, HEADS, 6, 6);
            assertThat(out.get("h").getShape().getShape()).containsExactly(2, 6, HIDDEN);
            assertThat(out.get("split_shape").toLongArray()).containsExactly(2, 6, HEADS, HIDDEN / HEADS);
        }
    }
}
