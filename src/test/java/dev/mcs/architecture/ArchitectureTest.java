package dev.mcs.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaCall;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.domain.properties.HasName;
import com.tngtech.archunit.core.domain.properties.HasOwner;
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
    /** Operations whose gradient reads the other operand; addition, comparison and clipping do not. */
    private static final java.util.Set<String> KEEPS_THE_NUMBER = java.util.Set.of("mul", "div", "pow", "maximum",
            "minimum", "rdiv", "rpow");
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

    /**
     * An array made from Java data may point into a buffer the collector frees while autograd still holds the array
     * (docs/training.md); HostArrays is the one place that makes such arrays, and it always copies.
     */
    @Test
    void the_trainable_executor_makes_arrays_from_java_data_only_through_host_arrays() {
        noClasses().that().resideInAPackage("dev.mcs.worker.train.onnx..").and().doNotHaveSimpleName("HostArrays")
                .should().callMethodWhere(JavaCall.Predicates.target(HasName.Predicates.name("create"))
                        .and(JavaCall.Predicates.target(HasOwner.Predicates.With.owner(
                                JavaClass.Predicates.assignableTo("ai.djl.ndarray.NDManager")))))
                .check(classes);
    }

    /**
     * DJL's {@code mul(Number)}, {@code div(Number)} and the like make a scalar array on a Java buffer and close it
     * after the call; autograd keeps that scalar for the backward pass, which then reads freed memory once the
     * collector has run (training gave different students from the same seed). Scalars go through OwnedScalars.
     */
    @Test
    void the_worker_does_arithmetic_with_java_numbers_on_arrays_only_through_owned_scalars() {
        noClasses().that().resideInAPackage("dev.mcs.worker..").and().doNotHaveSimpleName("OwnedScalars")
                .should().callMethodWhere(JavaCall.Predicates.target(HasOwner.Predicates.With.owner(
                                JavaClass.Predicates.assignableTo("ai.djl.ndarray.NDArray")
                                        .or(JavaClass.Predicates.assignableTo("ai.djl.ndarray.internal.NDArrayEx"))))
                        .and(JavaCall.Predicates.target(DescribedPredicate.describe(
                                "keeps a Java number for the backward pass", target -> KEEPS_THE_NUMBER.contains(
                                        target.getName()) && target.getRawParameterTypes().stream()
                                        .anyMatch(type -> type.isEquivalentTo(Number.class))))))
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
