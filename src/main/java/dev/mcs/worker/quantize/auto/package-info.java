/**
 * Worker JVM: {@code auto}, the fewest nodes kept in float that meet an accuracy target, over a base int8 method run through the runner registry.
 */
package dev.mcs.worker.quantize.auto;
