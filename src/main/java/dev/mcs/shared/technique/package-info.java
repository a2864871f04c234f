/**
 * Shared (service and worker JVM): the technique extension point's API side. A method is a
 * {@link dev.mcs.shared.technique.MethodSpec} with a parameter record; techniques register their methods
 * as {@link dev.mcs.shared.technique.TechniqueSpecs} providers and the
 * {@link dev.mcs.shared.technique.TechniqueCatalog} gathers them. No Spring, no native engines.
 */
package dev.mcs.shared.technique;
