package dev.mcs.worker.prune;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mcs.shared.format.ModelFormat;
import dev.mcs.shared.protocol.EvaluationSettings;
import dev.mcs.shared.technique.prune.StructuredParams;
import dev.mcs.support.Fixtures;
import dev.mcs.worker.engine.DatasetPart;
import dev.mcs.worker.technique.MethodRun;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What {@code metrics.technique} says about {@code residualStreams}: the mode asked, and a stream-less model. */
class ResidualStreamsReportTest {

    @TempDir
    Path dir;

    @Test
    void prune_on_a_resnet_reports_the_joined_streams_and_no_warning() throws Exception {
        PruneReport report = apply(Fixtures.DIR.resolve("digits_resnet.onnx"), List.of("channels"), "prune");

        assertThat(report.residualStreams()).isEqualTo("prune");
        assertThat(report.groups()).filteredOn(g -> g.joined() > 0).hasSize(2);
        assertThat(report.warnings()).isEmpty();
    }

    @Test
    void prune_on_a_model_without_a_conv_written_stream_says_so_in_a_warning() throws Exception {
        PruneReport cnn = apply(Fixtures.CNN_ONNX, List.of("channels"), "prune");
        PruneReport encoder = apply(Fixtures.TINY_ENCODER, null, "prune");

        assertThat(cnn.groups()).isNotEmpty().allSatisfy(g -> assertThat(g.joined()).isZero());
        assertThat(cnn.warnings()).singleElement().asString().contains("no residual stream");
        assertThat(encoder.warnings()).singleElement().asString().contains("no residual stream");
        assertThat(encoder.skipped()).as("the hidden size stays, with the reason")
                .anySatisfy(r -> assertThat(r).contains("joins only streams written by Convs"));
    }

    @Test
    void by_default_a_resnet_s_streams_are_joined_and_a_stream_less_model_gets_no_warning() throws Exception {
        PruneReport resnet = apply(Fixtures.DIR.resolve("digits_resnet.onnx"), null, null);
        PruneReport encoder = apply(Fixtures.TINY_ENCODER, null, null);
        PruneReport cnn = apply(Fixtures.CNN_ONNX, List.of("channels"), null);

        assertThat(resnet.residualStreams()).isEqualTo("auto");
        assertThat(resnet.groups()).filteredOn(g -> g.joined() > 0).hasSize(2);
        assertThat(resnet.warnings()).isEmpty();
        assertThat(encoder.warnings()).isEmpty();
        assertThat(cnn.warnings()).isEmpty();
    }

    @Test
    void keep_is_reported_and_warns_of_nothing() throws Exception {
        PruneReport report = apply(Fixtures.DIR.resolve("digits_resnet.onnx"), List.of("channels"), "keep");

        assertThat(report.residualStreams()).isEqualTo("keep");
        assertThat(report.groups()).allSatisfy(g -> assertThat(g.joined()).isZero());
        assertThat(report.warnings()).isEmpty();
    }

    private PruneReport apply(Path model, List<String> groups, String mode) throws Exception {
        StructuredParams params = new StructuredParams("structured", 0.5, groups, "magnitude", null)
                .withResidualStreams(mode).withDefaults();
        return (PruneReport) new StructuredMethod().apply(new MethodRun(model, ModelFormat.ONNX,
                dir.resolve("pruned.onnx"), params, null, null, EvaluationSettings.defaults(), share -> { }));
    }
}
