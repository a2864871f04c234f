/**
 * Shared (service and worker JVM): a pure-Java NPZ/NPY reader; the service validates datasets with it (headers only) and workers read samples with it.
 */
package dev.mcs.shared.format.npz;
