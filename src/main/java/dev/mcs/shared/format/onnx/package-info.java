/**
 * ONNX file structure without any engine: a streaming protobuf scan that the API process uses to
 * detect truncated or corrupt uploads and external-data references in bounded memory.
 */
package dev.mcs.shared.format.onnx;
