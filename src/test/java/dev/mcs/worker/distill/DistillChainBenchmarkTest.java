package dev.mcs.worker.distill;

import static org.assertj.core.api.Assertions.assertThat;

import ai.onnx.proto.OnnxMl;
import dev.mcs.shared.format.ModelFormat;
import dev.mcs.shared.protocol.EvaluationSettings;
import dev.mcs.shared.technique.distill.DistillParams;
import dev.mcs.shared.technique.distill.StudentSpec;
import dev.mcs.shared.technique.quantize.SmoothQuantParams;
import dev.mcs.worker.engine.DatasetInputs;
import dev.mcs.worker.engine.DatasetPart;
import dev.mcs.worker.engine.ModelInput;
import dev.mcs.worker.engine.OnnxModelFile;
import dev.mcs.worker.engine.Sample;
import dev.mcs.worker.quantize.BenchMaterial;
import dev.mcs.worker.quantize.InterleavedLatency;
import dev.mcs.worker.quantize.QuantizeRuns;
import dev.mcs.worker.technique.MethodRun;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The chain target: all-MiniLM-L6-v2 distilled to a layers student keeping 3 of its 6 layers (chosen by
 * measurement, trained on the corpus's train split within PT20M), then quantized with {@code smoothquant}'s defaults
 * (calibrated on the corpus's validation split), against the public int8 all-MiniLM-L6-v2: size at most 0.8 times
 * its size, at least 1.6 times its speed (interleaved, one thread, 32-token sentences at batch 1 and 32), and the
 * pooled cosine to the fp32 teacher on the corpus's test split reported next to the public int8's.
 *
 * <p>{@code -Dchain.student=path} skips the distillation and quantizes that student (e.g. one a previous run saved
 * with {@code -Dchain.saveStudent=path}); {@code -Dchain.maxTrainingTime=PT2M} shortens it to a smoke run.
 */
@Tag("benchmark")
class DistillChainBenchmarkTest {

    private static final int BATCH = 32;

    @TempDir
    Path dir;

    @Test
    void aDistilledMiniLmThroughSmoothQuantIsSmallerAndFasterThanThePublicInt8() throws Exception {
        Path teacher = BenchMaterial.require(BenchMaterial.MINILM);
        Path reference = BenchMaterial.require(BenchMaterial.MINILM_REFERENCE);
        Path test = BenchMaterial.require("corpus-test.npz");
        Path calibration = BenchMaterial.require("corpus-valid.npz");
        Path student = student(teacher, test);

        Path chained = dir.resolve("student-smoothquant.onnx");
        long start = System.nanoTime();
        Record quantization = QuantizeRuns.apply(new SmoothQuantParams("smoothquant", null, null, null, null, null,
                null, null), student, chained, calibration, EvaluationSettings.defaults());
        long quantizeMs = (System.nanoTime() - start) / 1_000_000;

        double size = Files.size(chained) / (double) Files.size(reference);
        double batch1 = InterleavedLatency.sentenceRatio(chained, reference, 2000);
        double batched = InterleavedLatency.sentenceRatio(chained, reference, 200, BATCH);
        List<Sample> sentences = DatasetInputs.read(DatasetPart.whole(test),
                ModelInput.fed(OnnxModelFile.read(teacher).proto().getGraph()), Integer.MAX_VALUE, "no sentences")
                .samples();
        PooledAgreement agreement = PooledAgreement.against(OnnxModelFile.read(teacher).proto(), sentences);
        double studentCosine = agreement.of(OnnxModelFile.read(student).proto());
        double chainedCosine = agreement.of(OnnxModelFile.read(chained).proto());
        double referenceCosine = agreement.of(OnnxModelFile.read(reference).proto());

        System.out.printf("chain: %d bytes vs public int8 %d (%.3f x); latency chained/public int8 %.3f at batch 1"
                + " (%.2f x faster), %.3f at batch %d (%.2f x faster); pooled cosine to fp32 on %d held-out sentences:"
                + " student %.4f, student+smoothquant %.4f, public int8 %.4f; smoothquant %d ms; embedding tables"
                + " left float %d%n%s%n", Files.size(chained), Files.size(reference), size, batch1, 1 / batch1,
                batched, BATCH, 1 / batched, agreement.samples(), studentCosine, chainedCosine, referenceCosine,
                quantizeMs, floatEmbeddingTables(chained), quantization);
        assertThat(floatEmbeddingTables(chained)).as("the word-embedding table is int8 too").isZero();
        assertThat(size).as("size / public int8's").isLessThanOrEqualTo(0.8);
        assertThat(batch1).as("latency / public int8's at batch 1").isLessThanOrEqualTo(1 / 1.6);
        assertThat(batched).as("latency / public int8's at batch " + BATCH).isLessThanOrEqualTo(1 / 1.6);
    }

    /** The distilled student: trained here, or the file {@code -Dchain.student} names. */
    private Path student(Path teacher, Path test) throws Exception {
        String given = System.getProperty("chain.student");
        if (given != null) {
            return Path.of(given);
        }
        Path train = BenchMaterial.require("corpus-train.npz");
        Duration limit = Duration.parse(System.getProperty("chain.maxTrainingTime", "PT20M"));
        DistillParams params = new DistillParams("distill", new StudentSpec("layers", null, 3, null, null, null,
                null, null), null, null, null, null, null, null, null, null, null, null, null, limit, 0L).withDefaults();
        Path student = dir.resolve("student.onnx");
        LayersSummary summary = (LayersSummary) new DistillMethod().apply(new MethodRun(teacher, ModelFormat.ONNX,
                student, params, DatasetPart.whole(train), DatasetPart.evaluationSet(test),
                new EvaluationSettings(10, 50, 1, 1000, 32, 42L), new StagePrinter()));
        System.out.printf("student keeps %s (%s): held-out pooled cosine %.4f -> %.4f, %d epochs (best %d, %s),"
                + " timings %s%n", summary.keep(), summary.chosenBy(), summary.pooledCosineBefore(),
                summary.pooledCosineAfter(), summary.epochsRun(), summary.bestEpoch(), summary.stoppedBecause(),
                summary.timings());
        String save = System.getProperty("chain.saveStudent");
        if (save != null) {
            Files.copy(student, Path.of(save), StandardCopyOption.REPLACE_EXISTING);
        }
        return student;
    }

    /** Float tables a Gather still indexes directly (an int8 table is read through a DequantizeLinear). */
    private static long floatEmbeddingTables(Path model) throws Exception {
        OnnxMl.GraphProto graph = OnnxModelFile.read(model).proto().getGraph();
        List<String> floatTables = graph.getInitializerList().stream()
                .filter(t -> t.getDataType() == OnnxMl.TensorProto.DataType.FLOAT_VALUE && t.getDimsCount() == 2)
                .map(OnnxMl.TensorProto::getName).toList();
        return graph.getNodeList().stream().filter(n -> n.getOpType().equals("Gather"))
                .filter(n -> floatTables.contains(n.getInput(0))).count();
    }
}
