package dev.mcs.shared.protocol;


/** Receives progress reported by a worker on its standard output. */
@FunctionalInterface
public interface ProgressListener {

    void onProgress(double fraction, String stage);
}
