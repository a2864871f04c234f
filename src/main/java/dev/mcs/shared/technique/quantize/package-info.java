/**
 * Shared (service and worker JVM): the QUANTIZE methods' parameter records with their defaults and value
 * checks, registered through {@link dev.mcs.shared.technique.quantize.QuantizeSpecs}.
 */
package dev.mcs.shared.technique.quantize;
