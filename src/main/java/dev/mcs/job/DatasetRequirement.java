package dev.mcs.job;

import dev.mcs.web.ApiException;
import dev.mcs.web.ProblemType;
import java.util.Map;

/** Methods that calibrate need a dataset; an accuracy target needs labels. */
final class DatasetRequirement {

    private DatasetRequirement() {}

    static void check(QuantizeParams params, QuantizeMethods.Spec spec, TechniqueParamsParser.DatasetFacts dataset) {
        boolean calibratingBase = "auto".equals(params.method()) && !"dynamic_int8".equals(params.base());
        if ((spec.needsDataset() || calibratingBase) && !dataset.present()) {
            throw new ApiException(ProblemType.DATASET_REQUIRED, "quantization method '" + spec.name()
                    + (calibratingBase ? "' with base '" + params.base() : "")
                    + "' calibrates on data: give a 'datasetId' of an NPZ dataset with the model's inputs",
                    Map.of("field", "datasetId"));
        }
        if (params.target() != null && params.target().maxAccuracyDrop() != null && !dataset.labelled()) {
            throw new ApiException(ProblemType.DATASET_REQUIRED, "'target.maxAccuracyDrop' needs a dataset with a"
                    + " 'labels' array", Map.of("field", "datasetId"));
        }
    }
}
