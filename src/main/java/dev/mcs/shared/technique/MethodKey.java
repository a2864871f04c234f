package dev.mcs.shared.technique;


/**
 * Identifies one method of one technique in both registries.
 *
 * @param technique the job type
 * @param method the method's name
 */
public record MethodKey(JobType technique, String method) {

    @Override
    public String toString() {
        return technique + "/" + method;
    }
}
