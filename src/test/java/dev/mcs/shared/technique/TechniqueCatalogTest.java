package dev.mcs.shared.technique;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mcs.shared.technique.quantize.DynamicInt8Params;
import dev.mcs.shared.technique.quantize.WeightOnlyParams;
import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

class TechniqueCatalogTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private final TechniqueCatalog catalog = TechniqueCatalog.installed();

    @Test
    void params_stored_before_per_method_records_still_read_as_the_methods_record() {
        // The shape jobs were stored in when one record held every method's fields.
        String stored = "{\"technique\":\"QUANTIZE\",\"method\":\"dynamic_int8\",\"perChannel\":false,"
                + "\"weightRange\":\"reduced\",\"opTypes\":[\"MatMul\"],\"excludeNodes\":[],\"quantizeEmbeddings\":true,"
                + "\"alpha\":null,\"activations\":null,\"calibration\":null,\"percentile\":null,\"blockSize\":null,"
                + "\"symmetric\":null,\"algorithm\":null,\"embeddings\":null,\"target\":null,\"base\":null}";

        MethodParams params = catalog.read(JobType.QUANTIZE, JSON.readTree(stored), JSON);

        assertThat(params).isEqualTo(new DynamicInt8Params("dynamic_int8", false, "reduced", List.of("MatMul"),
                List.of(), true));
    }

    @Test
    void params_stored_now_read_back_equal_to_what_was_stored() {
        WeightOnlyParams stored = new WeightOnlyParams("weight_only_int4", 64, false, "hqq", "int4", List.of("n1"));

        MethodParams read = catalog.read(JobType.QUANTIZE, JSON.valueToTree(stored), JSON);

        assertThat(read).isEqualTo(stored);
    }

    @Test
    void a_method_that_is_not_installed_cannot_be_read() {
        assertThatThrownBy(() -> catalog.read(JobType.PRUNE, JSON.readTree("{\"method\":\"lottery\"}"), JSON))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("lottery");
    }

    @Test
    void techniques_with_methods_count_as_implemented() {
        assertThat(catalog.implemented()).containsExactly(JobType.QUANTIZE, JobType.PRUNE, JobType.DISTILL);
        assertThat(catalog.methods(JobType.PRUNE)).extracting(MethodSpec::name)
                .containsExactly("structured", "magnitude", "wanda");
    }
}
