package dev.mcs.shared.technique.prune;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.mcs.shared.technique.DatasetFacts;
import dev.mcs.shared.technique.InvalidParamsException;
import dev.mcs.shared.technique.JobType;
import dev.mcs.shared.technique.MethodSpec;
import dev.mcs.shared.technique.TechniqueCatalog;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import tools.jackson.databind.json.JsonMapper;

class StructuredParamsTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final MethodSpec SPEC = MethodSpec.onnx(JobType.PRUNE, StructuredParams.NAME,
            StructuredParams.class, "test");
    private static final DatasetFacts DATA = new DatasetFacts(true, false);

    /** As the service reads them: converted, defaults filled in, then validated. */
    private static StructuredParams parse(String params) {
        return ((StructuredParams) TechniqueCatalog.convert(SPEC, JSON.readTree(params), JSON)).withDefaults();
    }

    private static InvalidParamsException refused(String params) {
        InvalidParamsException e = catchThrowableOfType(InvalidParamsException.class,
                () -> parse(params).validate(DATA));
        assertThat(e).as("%s should be refused", params).isNotNull();
        return e;
    }

    @Test
    void aKindWithoutAShareOfItsOwnTakesTheSparsity() {
        StructuredParams params = parse("{\"method\":\"structured\",\"sparsity\":0.3,\"groups\":[\"ffn\",\"heads\"],"
                + "\"sparsityPerKind\":{\"heads\":0.2}}");
        params.validate(DATA);

        assertThat(params.sparsityOf("ffn")).isEqualTo(0.3);
        assertThat(params.sparsityOf("heads")).isEqualTo(0.2);
    }

    @Test
    void withoutSharesPerKindEveryKindTakesTheDefaultSparsity() {
        StructuredParams filled = parse("{\"method\":\"structured\"}");

        assertThat(filled.sparsityOf("channels")).isEqualTo(0.25);
        assertThat(filled.sparsityOf("heads")).isEqualTo(0.25);
    }

    @ParameterizedTest(name = "{0} -> field {1}")
    @CsvSource(delimiter = '|', value = {
        "{\"method\":\"structured\",\"sparsityPerKind\":{\"ffn\":1}}|params.sparsityPerKind.ffn",
        "{\"method\":\"structured\",\"sparsityPerKind\":{\"ffn\":0}}|params.sparsityPerKind.ffn",
        "{\"method\":\"structured\",\"sparsityPerKind\":{\"heads\":-0.2}}|params.sparsityPerKind.heads",
        "{\"method\":\"structured\",\"sparsityPerKind\":{\"rows\":0.2}}|params.sparsityPerKind.rows",
        "{\"method\":\"structured\",\"groups\":[\"ffn\"],\"sparsityPerKind\":{\"heads\":0.2}}"
            + "|params.sparsityPerKind.heads",
        "{\"method\":\"structured\",\"sparsityPerKind\":{}}|params.sparsityPerKind",
        "{\"method\":\"structured\",\"sparsity\":0.3,\"groups\":[\"ffn\",\"heads\"],"
            + "\"sparsityPerKind\":{\"ffn\":0.4,\"heads\":0.2}}|params.sparsity"})
    void aShareThatIsOutOfRangeNamesNoRemovedKindOrLeavesTheSparsityUnusedIsRefusedNamingTheField(String params,
            String field) {
        InvalidParamsException e = refused(params);

        assertThat(e.reason()).isEqualTo(InvalidParamsException.Reason.INVALID_VALUE);
        assertThat(e.field()).isEqualTo(field);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "{\"method\":\"structured\",\"residualStreams\":\"drop\"}",
        "{\"method\":\"structured\",\"residualStreams\":\"prune\",\"groups\":[\"ffn\"]}"})
    void anUnknownResidualStreamsModeOrPruneWithoutChannelsIsRefusedNamingTheField(String params) {
        InvalidParamsException e = refused(params);

        assertThat(e.reason()).isEqualTo(InvalidParamsException.Reason.INVALID_VALUE);
        assertThat(e.field()).isEqualTo("params.residualStreams");
    }

    @Test
    void residualStreamsAreDecidedByDefaultWhenChannelsAreRemovedAndOtherwiseAsAsked() {
        StructuredParams filled = parse("{\"method\":\"structured\"}");
        StructuredParams noChannels = parse("{\"method\":\"structured\",\"groups\":[\"ffn\",\"heads\"]}");
        StructuredParams asked = parse("{\"method\":\"structured\",\"residualStreams\":\"prune\"}");
        StructuredParams kept = parse("{\"method\":\"structured\",\"residualStreams\":\"keep\"}");
        asked.validate(DATA);
        noChannels.validate(DATA);

        assertThat(filled.residualStreams()).isEqualTo("auto");
        assertThat(filled.decidesResidualStreams()).isTrue();
        assertThat(filled.prunesResidualStreams()).isFalse();
        assertThat(noChannels.decidesResidualStreams()).isFalse();
        assertThat(asked.prunesResidualStreams()).isTrue();
        assertThat(asked.decidesResidualStreams()).isFalse();
        assertThat(kept.prunesResidualStreams()).isFalse();
        assertThat(kept.decidesResidualStreams()).isFalse();
    }

    @Test
    void sharesForEveryKindAreAcceptedWhenNoSparsityIsGiven() {
        StructuredParams params = parse("{\"method\":\"structured\",\"groups\":[\"ffn\",\"heads\"],"
                + "\"sparsityPerKind\":{\"ffn\":0.4,\"heads\":0.25}}");
        params.validate(DATA);

        assertThat(params.sparsityOf("ffn")).isEqualTo(0.4);
        assertThat(params.sparsity()).as("no kind uses it").isNull();
    }
}
