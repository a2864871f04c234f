package dev.mcs.worker.quantize;

import static org.junit.jupiter.api.Assertions.fail;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The material of the benchmark-tagged tests: one folder, named by the environment variable
 * {@value #VARIABLE} (unset: {@code bench/out/models}), shared with the {@code bench/*.sh} scripts and filled by
 * {@code bench/prepare-models.sh}. A missing file fails the test rather than skipping it: a benchmark that
 * passes as skipped measures nothing and would rot unseen (docs/benchmarks.md).
 */
public final class BenchMaterial {

    public static final String VARIABLE = "MCS_BENCH_MODELS";
    static final String DEFAULT = "bench/out/models";

    /** all-MiniLM-L6-v2 fp32, as langchain4j ships it. */
    public static final String MINILM = "all-minilm-l6-v2.onnx";
    /** The int8 all-MiniLM-L6-v2 langchain4j publishes: the reference our int8 methods are held against. */
    public static final String MINILM_REFERENCE = "all-minilm-l6-v2-q.onnx";
    /** bench/sentences.txt tokenized: 64 evaluation sentences. */
    public static final String EVAL_64 = "eval-64.npz";
    /** bench/calibration-sentences.txt tokenized: 128 calibration sentences, none of them in eval-64. */
    public static final String CALIB_128 = "calib-128.npz";

    /** bge-small-en-v1.5 fp32 (the second encoder family member), its published int8, and its tokenized sentences. */
    public static final String BGE = "bge-small-en-v1.5.onnx";
    public static final String BGE_REFERENCE = "bge-small-en-v1.5-q.onnx";
    public static final String BGE_EVAL_64 = "bge-eval-64.npz";
    public static final String BGE_CALIB_128 = "bge-calib-128.npz";
    /** A third BERT-family encoder (e5-small-v2), its public int8 and its own tokenizations of the same sentences. */
    public static final String E5 = "e5-small-v2.onnx";
    public static final String E5_REFERENCE = "e5-small-v2-q.onnx";
    public static final String E5_EVAL_64 = "e5-eval-64.npz";
    public static final String E5_CALIB_128 = "e5-calib-128.npz";

    private BenchMaterial() {}

    /** The file of the material, failing the calling test when it is missing. */
    public static Path require(String file) {
        Path path = folder().resolve(file);
        if (!Files.isRegularFile(path)) {
            fail("benchmark material missing: " + path.toAbsolutePath() + ". The environment variable " + VARIABLE
                    + " names the folder (unset: " + DEFAULT + "); bench/prepare-models.sh fills it.");
        }
        return path;
    }

    private static Path folder() {
        String named = System.getenv(VARIABLE);
        return Path.of(named == null || named.isBlank() ? DEFAULT : named);
    }
}
