package dev.mcs.worker.evaluate;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class EnvironmentProbeTest {

    private static final List<String> CPU_INFO = List.of(
            "processor\t: 0",
            "model name\t: Intel(R) Xeon(R) Platinum 8480+",
            "flags\t\t: fpu sse avx2 avx512f avx512_vnni amx_tile amx_int8 avx512_bf16",
            "processor\t: 1",
            "model name\t: Intel(R) Xeon(R) Platinum 8480+");

    @Test
    void the_cpu_model_is_the_first_model_name() {
        assertThat(EnvironmentProbe.cpuModel(CPU_INFO)).isEqualTo("Intel(R) Xeon(R) Platinum 8480+");
    }

    @Test
    void only_the_listed_isa_flags_are_reported_in_a_fixed_order() {
        assertThat(EnvironmentProbe.isaFlags(CPU_INFO)).containsExactly("avx2", "avx512f", "avx512_vnni", "amx_tile", "amx_int8");
    }

    @Test
    void without_cpuinfo_the_model_is_unknown_and_no_flags_are_claimed() {
        assertThat(EnvironmentProbe.cpuModel(List.of())).isEqualTo("unknown");
        assertThat(EnvironmentProbe.isaFlags(List.of())).isEmpty();
    }
}
