package dev.mcs.shared.format.onnx;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a structural scan learned about an ONNX model without loading it.
 *
 * @param irVersion           ModelProto.ir_version
 * @param opsetImports        domain ("" is the default ONNX domain) to opset version, in file order
 * @param producerName        ModelProto.producer_name, "" when absent
 * @param externalData        whether any tensor keeps its data outside the file
 * @param externalDataTensors names of those tensors (capped, see {@link OnnxStructureScanner})
 */
public record OnnxScan(long irVersion, Map<String, Long> opsetImports, String producerName,
                       boolean externalData, List<String> externalDataTensors) {

    public OnnxScan {
        // LinkedHashMap keeps the file order, which Map.copyOf would lose.
        opsetImports = Collections.unmodifiableMap(new LinkedHashMap<>(opsetImports));
        externalDataTensors = List.copyOf(externalDataTensors);
    }
}
