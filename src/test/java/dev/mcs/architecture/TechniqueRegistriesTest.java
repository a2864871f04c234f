package dev.mcs.architecture;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mcs.shared.protocol.WorkerProtocol;
import dev.mcs.shared.technique.MethodKey;
import dev.mcs.shared.technique.MethodSpec;
import dev.mcs.shared.technique.TechniqueCatalog;
import dev.mcs.shared.technique.TechniqueSpecs;
import dev.mcs.worker.technique.RunnerRegistry;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The API-side catalog and the worker-side runners must describe the same methods, one to one. */
class TechniqueRegistriesTest {

    @Test
    void every_method_the_api_accepts_has_a_worker_runner_and_every_runner_an_api_method() {
        Set<String> api = names(TechniqueCatalog.installed().all().stream().map(MethodSpec::key).toList());
        Set<String> worker = names(RunnerRegistry.installed().keys());

        assertThat(worker).as("worker runners vs API methods").isEqualTo(api);
        assertThat(api).isNotEmpty();
    }

    static List<MethodSpec> methods() {
        return TechniqueCatalog.installed().all();
    }

    @ParameterizedTest
    @MethodSource("methods")
    void each_methods_defaults_are_its_own_record_naming_the_method(MethodSpec spec) {
        assertThat(spec.defaults()).isInstanceOf(spec.paramsType());
        assertThat(spec.defaults().method()).isEqualTo(spec.name());
        assertThat(spec.fields()).doesNotContain("method").doesNotHaveDuplicates();
    }

    @Test
    void a_method_registered_twice_is_refused_when_the_catalog_is_built() {
        TechniqueSpecs twice = () -> List.of(methods().get(0), methods().get(0));

        assertThatThrownBy(() -> new TechniqueCatalog(List.of(twice)))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("registered twice");
    }

    @Test
    void the_worker_main_class_the_launcher_names_exists_and_has_a_main_method() throws Exception {
        Method main = Class.forName(WorkerProtocol.WORKER_MAIN).getMethod("main", String[].class);

        assertThat(Modifier.isStatic(main.getModifiers())).isTrue();
    }

    private static Set<String> names(java.util.Collection<MethodKey> keys) {
        Set<String> names = new TreeSet<>();
        keys.forEach(key -> names.add(key.toString()));
        return names;
    }
}
