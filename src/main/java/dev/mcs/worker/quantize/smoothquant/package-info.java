/**
 * Worker JVM: {@code smoothquant}, activation outliers migrated into weights on calibration data, then quantized with the dynamic or static int8 scheme.
 */
package dev.mcs.worker.quantize.smoothquant;
