package dev.mcs.worker.distill;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * One epoch of a layers student's training, a row of its training curve, with the worker's memory after it (to show
 * that training holds it bounded).
 *
 * @param epoch from 1
 * @param steps optimizer steps in this epoch (fewer than a full pass when the time limit ended it)
 * @param trainLoss mean training loss (pooled loss plus layer matching, when on)
 * @param validationLoss mean pooled-output loss on the validation slice
 * @param validationCosine mean pooled cosine to the teacher on the validation slice
 * @param samplesPerSecond training samples per second
 * @param elapsedMs training time since the first epoch began
 * @param heapUsedMb the worker's used Java heap after the epoch
 * @param residentMb the worker's resident memory (Java heap plus native: libtorch, ONNX Runtime) after the epoch
 */
record EncoderEpoch(int epoch, int steps, double trainLoss, double validationLoss, double validationCosine,
        double samplesPerSecond, long elapsedMs, long heapUsedMb, long residentMb) {

    String describe(int epochs) {
        return String.format(Locale.ROOT, "epoch %d/%d: train loss %.4f, validation loss %.4f, pooled cosine %.4f,"
                + " %.1f samples/s", epoch, epochs, trainLoss, validationLoss, validationCosine, samplesPerSecond);
    }

    static long currentHeapMb() {
        Runtime runtime = Runtime.getRuntime();
        return (runtime.totalMemory() - runtime.freeMemory()) >> 20;
    }

    /** VmRSS of this process in MB, or -1 where /proc is not there. */
    static long currentResidentMb() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", "")) >> 10;
                }
            }
        } catch (IOException | NumberFormatException e) {
            return -1;
        }
        return -1;
    }
}
