package dev.mcs.service.sweep;

/**
 * What one sweep removed.
 *
 * @param blobs unreferenced model and dataset blobs
 * @param temporaryFiles abandoned upload files
 * @param attemptDirectories worker directories of jobs and inspections no longer running
 */
public record SweepReport(int blobs, int temporaryFiles, int attemptDirectories) {

    boolean removedAnything() {
        return blobs + temporaryFiles + attemptDirectories > 0;
    }
}
