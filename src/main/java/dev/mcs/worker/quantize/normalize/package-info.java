/**
 * Worker JVM: brings a model "as the exporter wrote it" into the form every quantization method expects, on a
 * copy and before the method runs: tensors held by {@code Constant} nodes become initializers, exact constant
 * subgraphs are folded, and old opsets (7 and newer) are upgraded operator by operator. Depends on no other
 * quantization package (the core calls it), so it carries its own small proto helpers.
 */
package dev.mcs.worker.quantize.normalize;
