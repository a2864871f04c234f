package dev.mcs.shared.technique.prune;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.mcs.shared.technique.DatasetFacts;
import dev.mcs.shared.technique.InvalidParamsException;
import dev.mcs.shared.technique.JobType;
import dev.mcs.shared.technique.MethodParams;
import dev.mcs.shared.technique.MethodSpec;
import dev.mcs.shared.technique.TechniqueCatalog;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import tools.jackson.databind.json.JsonMapper;

/** Recovery's penalties and checkpoint rule as submitted: each method's penalty, and the fields each one needs. */
class RecoveryPenaltyParamsTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final DatasetFacts DATA = new DatasetFacts(true, false);

    private static RecoverySpec recoveryOf(String method, String recovery) {
        MethodParams params = parse(method, recovery);
        params.validate(DATA);
        return params instanceof StructuredParams s ? s.recovery() : ((MagnitudeParams) params).recovery();
    }

    private static MethodParams parse(String method, String recovery) {
        MethodSpec spec = method.equals("structured")
                ? MethodSpec.onnx(JobType.PRUNE, StructuredParams.NAME, StructuredParams.class, "test")
                : MethodSpec.onnx(JobType.PRUNE, MagnitudeParams.NAME, MagnitudeParams.class, "test");
        MethodParams params = TechniqueCatalog.convert(spec, JSON.readTree("{\"method\":\"" + method
                + "\",\"recovery\":" + recovery + "}"), JSON);
        return params instanceof StructuredParams s ? s.withDefaults() : ((MagnitudeParams) params).withDefaults();
    }

    @Test
    void structuredTakesTheGroupLassoWithItsStrengthAndKeepsTheLowestLossCheckpointUnlessTold() {
        RecoverySpec recovery = recoveryOf("structured", "{\"penalty\":\"group-lasso\",\"penaltyStrength\":0.01}");

        assertThat(recovery.groupLasso()).isTrue();
        assertThat(recovery.l1()).isFalse();
        assertThat(recovery.penaltyStrength()).isEqualTo(0.01);
        assertThat(recovery.checkpoint()).isEqualTo(RecoverySpec.BEST);
        assertThat(recovery.sparsestWithin()).isNull();
    }

    @Test
    void aSparsestCheckpointTakesOnePointOfAgreementUnlessGivenAnotherTolerance() {
        RecoverySpec byDefault = recoveryOf("structured", "{\"penalty\":\"group-lasso\",\"penaltyStrength\":0.01,"
                + "\"checkpoint\":\"sparsest-within\"}");
        RecoverySpec given = recoveryOf("magnitude", "{\"penalty\":\"l1\",\"penaltyStrength\":0.01,"
                + "\"checkpoint\":\"sparsest-within\",\"checkpointTolerance\":0.03}");

        assertThat(byDefault.sparsestWithin()).isEqualTo(0.01);
        assertThat(given.sparsestWithin()).isEqualTo(0.03);
    }

    @ParameterizedTest(name = "{0} {1} -> {2}")
    @CsvSource(delimiter = '|', value = {
        "structured|{\"penalty\":\"group-lasso\"}|params.recovery.penaltyStrength",
        "structured|{\"penalty\":\"l1\",\"penaltyStrength\":0.1}|params.recovery.penalty",
        "magnitude|{\"penalty\":\"group-lasso\",\"penaltyStrength\":0.1}|params.recovery.penalty",
        "structured|{\"penalty\":\"group-lasso\",\"penaltyStrength\":1.5}|params.recovery.penaltyStrength",
        "structured|{\"penalty\":\"group-lasso\",\"penaltyStrength\":0.1,\"checkpoint\":\"latest\"}"
            + "|params.recovery.checkpoint",
        "structured|{\"checkpoint\":\"sparsest-within\"}|params.recovery.checkpoint",
        "structured|{\"penalty\":\"group-lasso\",\"penaltyStrength\":0.1,\"checkpointTolerance\":0.05}"
            + "|params.recovery.checkpointTolerance",
        "magnitude|{\"penalty\":\"l1\",\"penaltyStrength\":0.1,\"checkpoint\":\"sparsest-within\","
            + "\"checkpointTolerance\":0.9}|params.recovery.checkpointTolerance",
        "structured|{\"penalty\":\"group-lasso\",\"penaltyStrength\":0.1,\"checkpoint\":\"sparsest-within\","
            + "\"checkpointTolerance\":-0.1}|params.recovery.checkpointTolerance"})
    void aPenaltyOrCheckpointThatCannotRunIsRefusedNamingTheField(String method, String recovery, String field) {
        InvalidParamsException e = catchThrowableOfType(InvalidParamsException.class,
                () -> parse(method, recovery).validate(DATA));

        assertThat(e).as("%s %s should be refused", method, recovery).isNotNull();
        assertThat(e.field()).isEqualTo(field);
    }
}
