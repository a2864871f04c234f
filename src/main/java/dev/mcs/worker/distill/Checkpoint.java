package dev.mcs.worker.distill;

import java.io.IOException;
import java.nio.file.Path;

/**
 * The checkpoint in the output file: the epoch with the lowest validation loss, or with {@code sparsestWithin}
 * the one with the most zeros among the epochs whose validation agreement lies within that much of the best
 * agreement seen so far (ties to the later epoch). A saved epoch that falls out of the tolerance because a later
 * one agrees better is replaced by that later one, so the rule holds at the end as well as along the way.
 * Patience counts from the lowest validation loss, or with {@code sparsestWithin} from the epoch last kept: under a
 * penalty the loss rises as it works, so counting from its lowest would stop training as soon as the penalty bites.
 */
final class Checkpoint {

    private final TrainableStudent student;
    private final Path output;
    private final Double tolerance;
    private int epoch;
    private int lowestLossEpoch;
    private double lowestLoss = Double.POSITIVE_INFINITY;
    private double bestAgreement = Double.NEGATIVE_INFINITY;
    private double savedAgreement;
    private long savedZeros;

    Checkpoint(TrainableStudent student, Path output, Double tolerance) {
        this.student = student;
        this.output = output;
        this.tolerance = tolerance;
    }

    int epoch() {
        return epoch;
    }

    /** The epoch patience counts from: the lowest loss, or with a sparsest checkpoint the last one saved. */
    int patienceFrom() {
        return tolerance == null ? lowestLossEpoch : epoch;
    }

    /** Saves the student if the rule says so; whether the validation loss is the lowest so far. */
    boolean offer(EpochReport report) throws IOException {
        boolean lower = report.validationLoss() < lowestLoss;
        if (lower) {
            lowestLoss = report.validationLoss();
            lowestLossEpoch = report.epoch();
        }
        if (tolerance == null ? lower : sparser(report)) {
            epoch = report.epoch();
            savedAgreement = report.validationAgreement();
            student.save(output);
        }
        return lower;
    }

    private boolean sparser(EpochReport report) {
        bestAgreement = Math.max(bestAgreement, report.validationAgreement());
        if (report.validationAgreement() < bestAgreement - tolerance) {
            return false;
        }
        long zeros = student.zeros();
        boolean stale = epoch == 0 || savedAgreement < bestAgreement - tolerance;
        if (stale || zeros >= savedZeros) {
            savedZeros = zeros;
            return true;
        }
        return false;
    }
}
