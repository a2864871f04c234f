/**
 * Worker JVM: scores candidate models against the float model on the same samples (pooled-embedding or
 * output cosine, top-1 accuracy with labels), with the float model's outputs computed once; methods that
 * choose among candidates ({@code auto}, {@code smoothquant}'s alpha search) share it.
 */
package dev.mcs.worker.quantize.scoring;
