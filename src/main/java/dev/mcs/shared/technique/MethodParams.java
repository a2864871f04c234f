package dev.mcs.shared.technique;


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
     * Checks values once defaults are filled in.
     *
     * @throws InvalidParamsException naming the offending field
     */
    void validate(DatasetFacts dataset);
}
