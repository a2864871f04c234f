package dev.mcs.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The module map of docs/architecture.md, enforced on the production classes: no package cycles, and the
 * service JVM's code never reaches a native engine or the worker runtime, not even through shared code.
 */
class ArchitectureTest {

    static final String[] ENGINES = {"ai.djl..", "ai.onnxruntime..", "ai.onnx.."};
    private static JavaClasses classes;

    @BeforeAll
    static void importProductionClasses() {
        classes = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("dev.mcs");
    }

    @Test
    void no_package_depends_on_itself_through_other_packages() {
        slices().matching("dev.mcs.(**)").should().beFreeOfCycles().check(classes);
    }

    @Test
    void nothing_the_spring_application_reaches_depends_on_an_engine_or_the_worker_runtime() {
        noClasses().that().resideInAnyPackage("dev.mcs", "dev.mcs.service..")
                .should().transitivelyDependOnClassesThat().resideInAnyPackage(forbiddenForTheService())
                .check(classes);
    }

    @Test
    void shared_code_depends_on_neither_side() {
        noClasses().that().resideInAPackage("dev.mcs.shared..")
                .should().dependOnClassesThat().resideInAnyPackage(forbiddenForShared())
                .check(classes);
    }

    @Test
    void the_worker_runtime_never_uses_service_code() {
        noClasses().that().resideInAPackage("dev.mcs.worker..")
                .should().dependOnClassesThat().resideInAPackage("dev.mcs.service..")
                .check(classes);
    }

    @Test
    void a_technique_package_depends_only_on_the_technique_contract_not_on_the_job_runtime() {
        noClasses().that().resideInAPackage("dev.mcs.worker.quantize..")
                .should().dependOnClassesThat().resideInAnyPackage("dev.mcs.worker", "dev.mcs.worker.inspect..")
                .check(classes);
    }

    private static String[] forbiddenForTheService() {
        String[] all = new String[ENGINES.length + 1];
        System.arraycopy(ENGINES, 0, all, 0, ENGINES.length);
        all[ENGINES.length] = "dev.mcs.worker..";
        return all;
    }

    private static String[] forbiddenForShared() {
        String[] all = new String[ENGINES.length + 2];
        System.arraycopy(ENGINES, 0, all, 0, ENGINES.length);
        all[ENGINES.length] = "dev.mcs.worker..";
        all[ENGINES.length + 1] = "dev.mcs.service..";
        return all;
    }
}
