/**
 * Worker JVM: {@code fp16}, float32 initializers stored as float16 with Casts back to float32.
 */
package dev.mcs.worker.quantize.fp16;
