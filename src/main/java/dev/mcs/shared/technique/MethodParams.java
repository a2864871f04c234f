package dev.mcs.shared.technique;

import dev.mcs.shared.format.ModelFormat;
import java.util.Map;
import java.util.Set;
import java.util.UUID;


/**
 * Typed parameters of one technique method: a record per method whose components are exactly the
 * {@code params} fields the job API accepts for it. The API fills in defaults and checks values before a
 * job is queued, so a worker always receives complete, valid parameters.
 */
public interface MethodParams {

    /** The method's name, the discriminator of {@code params}. */
    String method();

    /** The same parameters with every field the request left out set to this method's default. */
    MethodParams withDefaults();

    /**
     * As {@link #withDefaults()}, for a job whose dataset is {@code dataset}: a method whose best default depends on
     * whether calibration data is there (measured) chooses it here.
     */
    default MethodParams withDefaults(DatasetFacts dataset) {
        return withDefaults();
    }

    /**
     * Checks values once defaults are filled in.
     *
     * @throws InvalidParamsException naming the offending field
     */
    void validate(DatasetFacts dataset);

    /**
     * Checks the parameters, defaults filled in, against the model as its stored inspection describes it: a method
     * that would rewrite nothing, or node names the model lacks, can never run. Unknown facts are not checked.
     *
     * @throws InvalidParamsException naming the offending field
     */
    default void fit(ModelFacts model) {
        // Methods that do not decide by operator type have nothing to check here.
    }

    /**
     * Models the method reads besides the job's own, by their field in {@code params} (e.g. {@code student.modelId}).
     * The service checks that each exists, is READY and has one of {@link #referencedFormats()} before queueing,
     * keeps it from deletion while the job is active, and hands its file and format to the worker under the same key.
     */
    default Map<String, UUID> referencedModels() {
        return Map.of();
    }

    /**
     * The referenced models (by params field) that must write as many values per sample as the job's model, such as
     * an uploaded DISTILL student; the service refuses one at submission where the two inspections show it does not.
     */
    default Set<String> referencedModelsMatchingOutput() {
        return Set.of();
    }

    /**
     * Why the method cannot take a model of {@code format} its spec does not accept, for the refusal's detail; null
     * when the format says it all. Asked of the method's defaults.
     */
    default String formatRefusal(ModelFormat format) {
        return null;
    }

    /** The formats a referenced model may have. */
    default Set<ModelFormat> referencedFormats() {
        return Set.of(ModelFormat.ONNX);
    }

    /**
     * The format of the model the method writes: {@code declared}, its spec's, unless the referenced models decide
     * otherwise (an uploaded TorchScript DISTILL student is returned as TorchScript). The service and the worker both
     * ask, so both agree on the output they expect.
     *
     * @param referenced the referenced models' formats, by their params field
     */
    default ModelFormat outputFormat(ModelFormat declared, Map<String, ModelFormat> referenced) {
        return declared;
    }
}
