/**
 * Worker JVM: {@code static_int8}, QDQ int8 with activation ranges calibrated on the dataset (min-max, percentile or entropy).
 */
package dev.mcs.worker.quantize.staticint8;
