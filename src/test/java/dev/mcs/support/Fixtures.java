package dev.mcs.support;

import java.nio.file.Path;

/** The committed fixture files (see fixtures/README.md). */
public final class Fixtures {

    public static final Path DIR = Path.of("src/test/resources/fixtures");
    public static final Path MLP_ONNX = DIR.resolve("digits_mlp.onnx");
    public static final Path CNN_ONNX = DIR.resolve("digits_cnn.onnx");
    public static final Path CNN_WIDE_ONNX = DIR.resolve("digits_cnn_wide.onnx");
    public static final Path MLP_TORCHSCRIPT = DIR.resolve("digits_mlp.pt");
    public static final Path CNN_TORCHSCRIPT = DIR.resolve("digits_cnn.pt");
    public static final Path MLP_HOLDOUT = DIR.resolve("digits_mlp_holdout.npz");
    public static final Path CNN_HOLDOUT = DIR.resolve("digits_cnn_holdout.npz");
    public static final Path CNN_TRAIN = DIR.resolve("digits_cnn_train.npz");
    /** A 4-layer BERT-like encoder and token datasets for layers students (fixtures/generate_tiny_encoder.py). */
    public static final Path TINY_ENCODER = DIR.resolve("tiny_encoder.onnx");
    public static final Path TINY_ENCODER_TRAIN = DIR.resolve("tiny_encoder_train.npz");
    public static final Path TINY_ENCODER_HOLDOUT = DIR.resolve("tiny_encoder_holdout.npz");
    /**
     * The same encoder as TorchScript, fed input_ids and attention_mask: its token states, and its mean-pooled,
     * L2-normalized embedding (fixtures/generate_tiny_encoder_torchscript.py).
     */
    public static final Path TINY_ENCODER_TOKENS_PT = DIR.resolve("tiny_encoder_tokens.pt");
    public static final Path TINY_ENCODER_POOLED_PT = DIR.resolve("tiny_encoder_pooled.pt");

    private Fixtures() {}
}
