package dev.mcs.worker.engine;

import dev.mcs.shared.format.npz.NpyArrayInfo;
import dev.mcs.shared.format.npz.NpzArchive;
import java.io.IOException;
import java.nio.file.Path;

/**
 * Which data a job calibrates on and which it is evaluated on, decided once per attempt:
 * <ul>
 *   <li>an evaluation dataset: methods get the job's dataset whole (if any), evaluation the evaluation dataset;</li>
 *   <li>only a dataset of at least {@link SampleSelection#MIN_SAMPLES_TO_SPLIT} samples: methods get the
 *       calibration part, evaluation the held-out part ({@link SampleSelection#RULE});</li>
 *   <li>a smaller dataset: both use all of it, and the metrics say that fidelity was measured on calibration data;</li>
 *   <li>no dataset: both are null (methods that need one refuse, evaluation uses synthetic inputs).</li>
 * </ul>
 *
 * @param calibration what methods may calibrate or train on, or null
 * @param evaluation what fidelity, accuracy and accuracy targets are measured on, or null for synthetic inputs
 */
public record DatasetSplit(DatasetPart calibration, DatasetPart evaluation) {

    public static final DatasetSplit NONE = new DatasetSplit(null, null);

    public static DatasetSplit of(Path dataset, Path evaluationDataset) throws InvalidDatasetException {
        if (evaluationDataset != null) {
            return new DatasetSplit(dataset == null ? null : DatasetPart.whole(dataset),
                    DatasetPart.evaluationSet(evaluationDataset));
        }
        if (dataset == null) {
            return NONE;
        }
        if (sampleCount(dataset) < SampleSelection.MIN_SAMPLES_TO_SPLIT) {
            return new DatasetSplit(DatasetPart.whole(dataset), DatasetPart.whole(dataset));
        }
        return new DatasetSplit(DatasetPart.calibrationPart(dataset), DatasetPart.heldOutPart(dataset));
    }

    /** The length of the sample axis, read from the array headers (uploads are checked to share it). */
    static int sampleCount(Path dataset) throws InvalidDatasetException {
        try (NpzArchive npz = NpzArchive.open(dataset)) {
            return npz.arrays().stream().filter(a -> !a.name().equals(DatasetInputs.LABELS))
                    .map(NpyArrayInfo::shape).filter(shape -> !shape.isEmpty())
                    .mapToInt(shape -> Math.toIntExact(shape.get(0))).findFirst().orElse(0);
        } catch (IOException e) {
            throw new InvalidDatasetException("cannot read the dataset: " + e.getMessage(), e);
        }
    }
}
