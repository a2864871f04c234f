package dev.mcs.shared.technique.distill;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mcs.shared.technique.DatasetFacts;
import dev.mcs.shared.technique.InvalidParamsException;
import dev.mcs.shared.technique.JobType;
import dev.mcs.shared.technique.MethodSpec;
import dev.mcs.shared.technique.TechniqueCatalog;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import tools.jackson.databind.json.JsonMapper;

class DistillParamsTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final MethodSpec SPEC = MethodSpec.onnx(JobType.DISTILL, DistillParams.NAME, DistillParams.class,
            "test");
    private static final DatasetFacts UNLABELLED = new DatasetFacts(true, false);

    private static DistillParams parse(String params) {
        return (DistillParams) TechniqueCatalog.convert(SPEC, JSON.readTree(params), JSON);
    }

    private static DistillParams accepted(String params, DatasetFacts dataset) {
        DistillParams filled = parse(params).withDefaults();
        filled.validate(dataset);
        return filled;
    }

    @Test
    void a_layers_student_gets_the_layer_defaults_and_an_iso_duration_reads_as_a_duration() {
        DistillParams params = parse("{\"method\":\"distill\",\"student\":{\"kind\":\"layers\",\"keep\":[0,2,4]},"
                + "\"maxTrainingTime\":\"PT5M\"}").withDefaults();

        assertThat(params.student().keep()).containsExactly(0, 2, 4);
        assertThat(params.maxTrainingTime()).isEqualTo(Duration.ofMinutes(5));
        assertThat(params.matchLayers()).isTrue();
        assertThat(params.freezeEmbeddings()).isTrue();
        assertThat(params.learningRate()).isEqualTo(3e-4);
        assertThat(params.epochs()).isEqualTo(10);
        assertThat(params.seed()).isZero();
    }

    @Test
    void a_generated_cnn_student_is_depthwise_separable_unless_told_otherwise() {
        DistillParams params = accepted("{\"method\":\"distill\",\"student\":{\"kind\":\"architecture\","
                + "\"architecture\":\"cnn\"}}", UNLABELLED);

        assertThat(params.student().depthwiseSeparable()).isTrue();
        assertThat(params.learningRate()).isEqualTo(1e-2);
        assertThat(params.epochs()).isEqualTo(100);
        assertThat(params.matchLayers()).isNull();
        assertThat(params.maxTrainingTime()).isEqualTo(Duration.ofMinutes(20));
    }

    @Test
    void defaults_read_back_equal_after_a_json_round_trip() {
        DistillParams params = accepted("{\"method\":\"distill\",\"student\":{\"kind\":\"architecture\","
                + "\"architecture\":\"cnn\",\"channels\":[4,8]},\"maxTrainingTime\":\"PT90S\"}", UNLABELLED);

        assertThat(parse(JSON.writeValueAsString(params))).isEqualTo(params);
    }

    @ParameterizedTest(name = "{0} is refused, naming {1}")
    @CsvSource(delimiter = '|', value = {
        "{'method':'distill'} | params.student",
        "{'method':'distill','student':{'keep':[0]}} | params.student.kind",
        "{'method':'distill','student':{'kind':'teacher'}} | params.student.kind",
        "{'method':'distill','student':{'kind':'layers'}} | params.student.keep",
        "{'method':'distill','student':{'kind':'layers','keep':[]}} | params.student.keep",
        "{'method':'distill','student':{'kind':'layers','keep':[2,0]}} | params.student.keep",
        "{'method':'distill','student':{'kind':'layers','keep':[0,0]}} | params.student.keep",
        "{'method':'distill','student':{'kind':'layers','keep':[-1]}} | params.student.keep",
        "{'method':'distill','student':{'kind':'layers','keep':[0],'layers':1}} | params.student.keep",
        "{'method':'distill','student':{'kind':'layers','layers':0}} | params.student.layers",
        "{'method':'distill','student':{'kind':'model','modelId':'7d3f4a56-6d2b-4a7e-9f1e-0c1d2e3f4a5b','layers':2}} | params.student.layers",
        "{'method':'distill','student':{'kind':'layers','keep':[0],'architecture':'mlp'}} | params.student.architecture",
        "{'method':'distill','student':{'kind':'architecture'}} | params.student.architecture",
        "{'method':'distill','student':{'kind':'architecture','architecture':'mlp','channels':[8]}} | params.student.channels",
        "{'method':'distill','student':{'kind':'architecture','architecture':'cnn','hidden':[8]}} | params.student.hidden",
        "{'method':'distill','student':{'kind':'architecture','architecture':'mlp','hidden':[0]}} | params.student.hidden",
        "{'method':'distill','student':{'kind':'model'}} | params.student.modelId",
        "{'method':'distill','student':{'kind':'model','modelId':'7d3f4a56-6d2b-4a7e-9f1e-0c1d2e3f4a5b','keep':[0]}} | params.student.keep",
        "{'method':'distill','student':{'kind':'architecture','architecture':'mlp'},'matchLayers':true} | params.matchLayers",
        "{'method':'distill','student':{'kind':'architecture','architecture':'mlp'},'epochs':0} | params.epochs",
        "{'method':'distill','student':{'kind':'architecture','architecture':'mlp'},'learningRate':0} | params.learningRate",
        "{'method':'distill','student':{'kind':'architecture','architecture':'mlp'},'temperature':0} | params.temperature",
        "{'method':'distill','student':{'kind':'architecture','architecture':'mlp'},'embeddingLoss':'kl'} | params.embeddingLoss",
        "{'method':'distill','student':{'kind':'architecture','architecture':'mlp'},'embeddingLoss':'mse'} | params.embeddingLoss",
        "{'method':'distill','student':{'kind':'architecture','architecture':'mlp'},'maxTrainingTime':'PT25H'} | params.maxTrainingTime",
        "{'method':'distill','student':{'kind':'architecture','architecture':'mlp'},'maxTrainingTime':'-PT1M'} | params.maxTrainingTime",
        "{'method':'distill','student':{'kind':'architecture','architecture':'mlp'},'seed':-1} | params.seed",
        "{'method':'distill','student':{'kind':'architecture','architecture':'mlp'},'alpha':0.5} | params.alpha",
        "{'method':'distill','student':{'kind':'model','modelId':'7d3f4a56-6d2b-4a7e-9f1e-0c1d2e3f4a5b'},'outputKind':'logits'} | params.outputKind",
        "{'method':'distill','student':{'kind':'architecture','architecture':'mlp'},'outputKind':'embedding'} | params.outputKind",
        "{'method':'distill','student':{'kind':'layers','keep':[0]},'outputKind':'classes'} | params.outputKind",
    })
    void a_student_or_setting_that_can_never_train_is_refused_before_queueing(String params, String field) {
        assertThatThrownBy(() -> accepted(params.replace('\'', '"'), UNLABELLED))
                .isInstanceOfSatisfying(InvalidParamsException.class, e -> {
                    assertThat(e.field()).isEqualTo(field);
                    assertThat(e.reason()).isEqualTo(InvalidParamsException.Reason.INVALID_VALUE);
                });
    }

    @Test
    void a_layers_student_may_name_a_layer_count_instead_of_the_layers() {
        DistillParams params = accepted("{\"method\":\"distill\",\"student\":{\"kind\":\"layers\",\"layers\":3},"
                + "\"matchLayers\":false}", UNLABELLED);

        assertThat(params.student().layers()).isEqualTo(3);
        assertThat(params.student().keep()).isNull();
        assertThat(params.matchLayers()).isFalse();
    }

    @Test
    void alpha_is_accepted_when_the_dataset_has_labels() {
        DistillParams params = accepted("{\"method\":\"distill\",\"student\":{\"kind\":\"architecture\","
                + "\"architecture\":\"mlp\",\"hidden\":[32]},\"alpha\":0.3}", new DatasetFacts(true, true));

        assertThat(params.alpha()).isEqualTo(0.3);
        assertThat(params.student().hidden()).isEqualTo(List.of(32));
    }

    @Test
    void distillation_without_a_dataset_asks_for_one() {
        assertThatThrownBy(() -> accepted("{\"method\":\"distill\",\"student\":{\"kind\":\"architecture\","
                + "\"architecture\":\"mlp\"}}", DatasetFacts.NONE)).isInstanceOfSatisfying(InvalidParamsException.class,
                        e -> assertThat(e.reason()).isEqualTo(InvalidParamsException.Reason.DATASET_REQUIRED));
    }
}
