package dev.mcs.shared.format.npz;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class NpzArchiveFixturesTest {

    private static final int HELD_OUT = 360;

    @Test
    void describesTheMlpHoldoutWithItsShapesAndDtypes() throws Exception {
        try (NpzArchive archive = NpzArchive.open(fixture("digits_mlp_holdout.npz"))) {
            assertThat(archive.arrays()).containsExactly(
                    new NpyArrayInfo("input", "float32", List.of((long) HELD_OUT, 64L)),
                    new NpyArrayInfo("labels", "int64", List.of((long) HELD_OUT)));
        }
    }

    @Test
    void describesTheCnnHoldoutAsSingleChannelImages() throws Exception {
        try (NpzArchive archive = NpzArchive.open(fixture("digits_cnn_holdout.npz"))) {
            assertThat(archive.find("input")).hasValue(
                    new NpyArrayInfo("input", "float32", List.of((long) HELD_OUT, 1L, 8L, 8L)));
            assertThat(archive.find("missing")).isEmpty();
        }
    }

    @Test
    void readsPixelsScaledToUnitRangeAndLabelsFromZeroToNine() throws Exception {
        try (NpzArchive archive = NpzArchive.open(fixture("digits_cnn_holdout.npz"))) {
            float[] pixels = archive.readFloats("input");
            assertThat(pixels).hasSize(HELD_OUT * 64);
            for (float pixel : pixels) {
                assertThat(pixel).isBetween(0f, 1f);
            }
            assertThat(archive.readInts("labels")).hasSize(HELD_OUT).containsOnly(0, 1, 2, 3, 4, 5, 6, 7, 8, 9);
        }
    }

    @Test
    void readsTheSameNumbersFromDeflatedAndStoredArchives() throws Exception {
        try (NpzArchive stored = NpzArchive.open(fixture("digits_mlp_holdout.npz"));
                NpzArchive deflated = NpzArchive.open(fixture("digits_mlp_holdout_compressed.npz"))) {
            assertThat(deflated.arrays()).isEqualTo(stored.arrays());
            assertThat(deflated.readFloats("input")).isEqualTo(stored.readFloats("input"));
            assertThat(deflated.readLongs("labels")).isEqualTo(stored.readLongs("labels"));
        }
    }

    @Test
    void givesBothModelsTheSameHeldOutLabels() throws Exception {
        try (NpzArchive mlp = NpzArchive.open(fixture("digits_mlp_holdout.npz"));
                NpzArchive cnn = NpzArchive.open(fixture("digits_cnn_holdout.npz"))) {
            assertThat(cnn.readLongs("labels")).isEqualTo(mlp.readLongs("labels"));
            assertThat(cnn.readFloats("input")).isEqualTo(mlp.readFloats("input"));
        }
    }

    private static Path fixture(String name) throws IOException, URISyntaxException {
        var url = NpzArchiveFixturesTest.class.getResource("/fixtures/" + name);
        if (url == null) {
            throw new IOException("missing fixture " + name + "; run fixtures/generate_fixtures.py");
        }
        return Path.of(url.toURI());
    }
}
