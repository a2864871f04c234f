package dev.mcs.worker.prune;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.mcs.shared.format.ModelFormat;
import dev.mcs.shared.protocol.EvaluationSettings;
import dev.mcs.shared.technique.prune.StructuredParams;
import dev.mcs.support.Fixtures;
import dev.mcs.worker.engine.DatasetPart;
import dev.mcs.worker.prune.structured.StructuredPruner;
import dev.mcs.worker.technique.MethodRun;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What {@code metrics.technique.sparsity} says when every kind of unit has a share of its own. */
class StructuredSparsityReportTest {

    @TempDir
    Path dir;

    @Test
    void with_a_share_per_kind_the_report_gives_the_achieved_share_of_all_units_and_of_each_kind() throws Exception {
        StructuredParams params = new StructuredParams("structured", null, List.of("ffn", "heads"),
                Map.of("ffn", 0.5, "heads", 0.25), "magnitude", null).withDefaults();
        assertThat(params.sparsity()).as("the request's own share is absent").isNull();

        PruneReport report = (PruneReport) new StructuredMethod().apply(new MethodRun(Fixtures.TINY_ENCODER,
                ModelFormat.ONNX, dir.resolve("pruned.onnx"), params, DatasetPart.whole(Fixtures.TINY_ENCODER_TRAIN),
                null, EvaluationSettings.defaults(), share -> { }));

        long units = report.groups().stream().mapToLong(StructuredPruner.GroupResult::units).sum();
        long kept = report.groups().stream().mapToLong(StructuredPruner.GroupResult::kept).sum();
        assertThat(report.sparsity()).isNotNull().isEqualTo(1 - (double) kept / units);
        assertThat(report.removedPerKind()).containsOnlyKeys("ffn", "heads");
        assertThat(report.removedPerKind().get("ffn")).isCloseTo(0.5, within(0.02));
        assertThat(report.removedPerKind().get("heads")).isCloseTo(0.25, within(0.07));
        assertThat(report.sparsity()).isStrictlyBetween(report.removedPerKind().get("heads"),
                report.removedPerKind().get("ffn"));
    }

    @Test
    void a_share_asked_for_stays_the_reported_sparsity_and_masks_report_no_kinds() {
        List<StructuredPruner.GroupResult> groups = List.of(new StructuredPruner.GroupResult("ffn", "a", 64, 40),
                new StructuredPruner.GroupResult("heads", "b", 4, 3));

        PruneReport asked = new PruneReport("structured", 0.3, "", null, null, List.of(), groups, List.of(), null,
                List.of());
        PruneReport masks = new PruneReport("magnitude", 0.5, "", null, null, List.of(), List.of(), List.of(), null,
                List.of());

        assertThat(asked.sparsity()).isEqualTo(0.3);
        assertThat(asked.removedPerKind()).containsEntry("ffn", 24 / 64.0).containsEntry("heads", 0.25);
        assertThat(masks.removedPerKind()).isEmpty();
    }
}
