package dev.mcs.job;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;

/**
 * Parameters of one compression technique. Sealed so that every technique the job API accepts is
 * known at compile time. The type tag lets the worker read them back from its task file.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, include = JsonTypeInfo.As.PROPERTY, property = "technique")
@JsonSubTypes({
    @JsonSubTypes.Type(value = QuantizeParams.class, name = "QUANTIZE"),
    @JsonSubTypes.Type(value = PruneParams.class, name = "PRUNE"),
    @JsonSubTypes.Type(value = DistillParams.class, name = "DISTILL")
})
public sealed interface TechniqueParams permits QuantizeParams, PruneParams, DistillParams {

    /** The job type this parameter set belongs to. */
    @JsonIgnore
    JobType type();
}
