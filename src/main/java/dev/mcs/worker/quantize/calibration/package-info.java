/**
 * Worker JVM: runs a float model on dataset samples and collects activation statistics (min/max, histograms, entropy thresholds) for the calibrating methods.
 */
package dev.mcs.worker.quantize.calibration;
