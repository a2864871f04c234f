package dev.mcs.worker.distill;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mcs.support.Fixtures;
import dev.mcs.worker.distill.training.OutputKind;
import dev.mcs.worker.engine.DatasetInputs;
import dev.mcs.worker.engine.DatasetPart;
import dev.mcs.worker.engine.ModelInput;
import dev.mcs.worker.engine.OnnxModelFile;
import dev.mcs.worker.engine.Sample;
import dev.mcs.worker.technique.TechniqueException;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The TorchScript tiny encoders (fixtures/generate_tiny_encoder_torchscript.py) in libtorch: the same encoder as
 * tiny_encoder.onnx, and what recovery takes their outputs for.
 */
class TorchScriptEncoderPassTest {

    @Test
    void the_torchscript_token_states_pool_to_the_onnx_encoders_embeddings() throws Exception {
        var onnx = OnnxModelFile.read(Fixtures.TINY_ENCODER).proto();
        List<Sample> samples = DatasetInputs.read(DatasetPart.whole(Fixtures.TINY_ENCODER_HOLDOUT),
                ModelInput.fed(onnx.getGraph()), 40, "none").samples();

        float[][] torch = TorchScriptEncoderPass.pooled(Fixtures.TINY_ENCODER_TOKENS_PT, samples);
        float[][] pooledInModule = TorchScriptEncoderPass.pooled(Fixtures.TINY_ENCODER_POOLED_PT, samples);
        Sample batch = TokenBatches.stack(samples);
        float[][] ort;
        try (EncoderOrt session = new EncoderOrt(onnx)) {
            ort = EncoderOrt.pool(session.run(batch, List.of("last_hidden_state")).get("last_hidden_state"),
                    TokenBatches.mask(batch), samples.size(), false);
        }

        for (int i = 0; i < samples.size(); i++) {
            for (int j = 0; j < ort[i].length; j++) {
                assertThat(torch[i][j]).isCloseTo(ort[i][j], org.assertj.core.data.Offset.offset(1e-4f));
            }
        }
        assertThat(TorchScriptEncoderPass.meanCosine(pooledInModule, ort)).as("the pooled module normalizes the mean")
                .isGreaterThan(0.99999);
        assertThat(pooledInModule[0][0]).isNotCloseTo(ort[0][0], org.assertj.core.data.Offset.offset(1e-6f));
    }

    @Test
    void the_output_rank_on_a_sample_decides_token_states_and_a_rank_two_output_needs_embedding_said()
            throws Exception {
        DatasetPart tokens = DatasetPart.whole(Fixtures.TINY_ENCODER_TRAIN);

        OutputKind states = TorchScriptEncoderRecovery.kind(Fixtures.TINY_ENCODER_TOKENS_PT, tokens, "auto", "f");
        OutputKind embedding = TorchScriptEncoderRecovery.kind(Fixtures.TINY_ENCODER_POOLED_PT, tokens, "embedding",
                "f");

        assertThat(states.kind()).isEqualTo(OutputKind.Kind.TOKENS);
        assertThat(states.reason()).contains("rank 3");
        assertThat(embedding.kind()).isEqualTo(OutputKind.Kind.EMBEDDING);
        assertThatThrownBy(() -> TorchScriptEncoderRecovery.kind(Fixtures.TINY_ENCODER_POOLED_PT, tokens, "auto", "f"))
                .isInstanceOf(TechniqueException.class).hasMessageContaining("rank 2")
                .hasMessageContaining("outputKind 'embedding'");
        assertThatThrownBy(() -> TorchScriptEncoderRecovery.kind(Fixtures.TINY_ENCODER_TOKENS_PT, tokens, "classes",
                "f")).isInstanceOf(TechniqueException.class).hasMessageContaining("'classes' does not fit");
    }

    @Test
    void a_classifier_dataset_keeps_the_classifier_loss_and_refuses_embedding() throws Exception {
        DatasetPart digits = DatasetPart.whole(Fixtures.CNN_TRAIN);

        assertThat(TorchScriptEncoderRecovery.kind(Fixtures.CNN_TORCHSCRIPT, digits, "auto", "f").kind())
                .isEqualTo(OutputKind.Kind.CLASSES);
        assertThatThrownBy(() -> TorchScriptEncoderRecovery.kind(Fixtures.CNN_TORCHSCRIPT, digits, "embedding", "f"))
                .isInstanceOf(TechniqueException.class).hasMessageContaining("input_ids");
    }
}
