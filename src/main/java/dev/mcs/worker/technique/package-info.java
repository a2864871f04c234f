/**
 * Worker side of the technique extension point: a {@link dev.mcs.worker.technique.MethodRunner} per
 * method, registered through {@link dev.mcs.worker.technique.TechniqueRunners} providers and found by the
 * {@link dev.mcs.worker.technique.RunnerRegistry}.
 */
package dev.mcs.worker.technique;
