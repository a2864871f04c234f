package dev.mcs.worker.quantize.calibration;

import dev.mcs.worker.quantize.core.QuantizationException;

import ai.onnx.proto.OnnxMl;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import dev.mcs.shared.format.npz.NpyArrayInfo;
import dev.mcs.shared.format.npz.NpzArchive;

import java.io.IOException;
import java.nio.FloatBuffer;
import java.nio.IntBuffer;
import java.nio.LongBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Calibration inputs read from an NPZ whose arrays are named like the model inputs, samples on the first
 * axis, fed one sample (batch 1) at a time. The dataset arrays are held; activations never are.
 */
final class CalibrationSamples {

    /** One model input's whole array and the shape of one sample. */
    private record Column(String name, int elemType, Object data, long[] shape, int size) {
    }

    private final List<Column> columns;
    private final int count;

    private CalibrationSamples(List<Column> columns, int count) {
        this.columns = columns;
        this.count = count;
    }

    static CalibrationSamples read(Path npz, OnnxMl.GraphProto graph, int maxSamples)
            throws IOException, QuantizationException {
        try (NpzArchive archive = NpzArchive.open(npz)) {
            List<Column> columns = new ArrayList<>();
            long samples = Long.MAX_VALUE;
            for (OnnxMl.ValueInfoProto input : graph.getInputList()) {
                if (CalibrationModel.fedInputs(graph).contains(input.getName())) {
                    NpyArrayInfo array = array(archive, input.getName());
                    samples = Math.min(samples, array.shape().isEmpty() ? 0 : array.shape().get(0));
                    columns.add(column(archive, input, array));
                }
            }
            int count = (int) Math.min(samples, Math.max(0, maxSamples));
            if (columns.isEmpty() || count < 1) {
                throw new QuantizationException("the calibration dataset has no samples for the model's inputs");
            }
            return new CalibrationSamples(columns, count);
        }
    }

    private static NpyArrayInfo array(NpzArchive archive, String name) throws QuantizationException {
        return archive.find(name).orElseThrow(() -> new QuantizationException("the calibration dataset has no array '"
                + name + "' for model input '" + name + "'; its arrays are "
                + archive.arrays().stream().map(NpyArrayInfo::name).toList()));
    }

    private static Column column(NpzArchive archive, OnnxMl.ValueInfoProto input, NpyArrayInfo array)
            throws IOException, QuantizationException {
        OnnxMl.TypeProto.Tensor type = input.getType().getTensorType();
        long[] shape = sampleShape(type.getShape(), array);
        int size = Math.toIntExact(java.util.Arrays.stream(shape).reduce(1L, Math::multiplyExact));
        Object data = switch (type.getElemType()) {
            case OnnxMl.TensorProto.DataType.FLOAT_VALUE -> archive.readFloats(array.name());
            case OnnxMl.TensorProto.DataType.INT64_VALUE -> archive.readLongs(array.name());
            case OnnxMl.TensorProto.DataType.INT32_VALUE -> archive.readInts(array.name());
            default -> throw new QuantizationException("model input '" + input.getName() + "' has ONNX element type "
                    + type.getElemType() + "; calibration can feed float, int64 and int32 inputs");
        };
        return new Column(input.getName(), type.getElemType(), data, shape, size);
    }

    /** The array's per-sample dims, behind a batch dim of 1 when the input has one more dim. */
    private static long[] sampleShape(OnnxMl.TensorShapeProto modelShape, NpyArrayInfo array) throws QuantizationException {
        List<Long> dims = array.shape().subList(Math.min(1, array.shape().size()), array.shape().size());
        int rank = modelShape.getDimCount();
        if (rank != dims.size() + 1 && rank != dims.size()) {
            throw new QuantizationException("dataset array '" + array.name() + "' has shape " + array.shape()
                    + " (samples first), which does not fit the model input's rank " + rank);
        }
        long[] shape = new long[rank];
        int lead = rank - dims.size();
        shape[0] = 1;
        for (int i = 0; i < dims.size(); i++) {
            shape[lead + i] = dims.get(i);
        }
        for (int i = 0; i < rank; i++) {
            OnnxMl.TensorShapeProto.Dimension d = modelShape.getDim(i);
            if (d.hasDimValue() && d.getDimValue() != shape[i]) {
                throw new QuantizationException("dataset array '" + array.name() + "' has shape " + array.shape()
                        + ", which does not fit the model input's dimension " + i + " = " + d.getDimValue());
            }
        }
        return shape;
    }

    int count() {
        return count;
    }

    /** Native tensors of sample {@code i}; the caller closes them. */
    Map<String, OnnxTensor> tensors(OrtEnvironment env, int i) throws OrtException {
        Map<String, OnnxTensor> feed = new LinkedHashMap<>();
        try {
            for (Column c : columns) {
                feed.put(c.name(), tensor(env, c, i));
            }
            return feed;
        } catch (OrtException | RuntimeException e) {
            feed.values().forEach(OnnxTensor::close);
            throw e;
        }
    }

    private static OnnxTensor tensor(OrtEnvironment env, Column c, int i) throws OrtException {
        int offset = i * c.size();
        return switch (c.elemType()) {
            case OnnxMl.TensorProto.DataType.FLOAT_VALUE ->
                    OnnxTensor.createTensor(env, FloatBuffer.wrap((float[]) c.data(), offset, c.size()).slice(), c.shape());
            case OnnxMl.TensorProto.DataType.INT64_VALUE ->
                    OnnxTensor.createTensor(env, LongBuffer.wrap((long[]) c.data(), offset, c.size()).slice(), c.shape());
            default -> OnnxTensor.createTensor(env, IntBuffer.wrap((int[]) c.data(), offset, c.size()).slice(), c.shape());
        };
    }
}
