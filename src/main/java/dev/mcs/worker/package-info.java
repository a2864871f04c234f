/**
 * The process boundary. {@link dev.mcs.service.launch.WorkerLauncher} (API side) starts one JVM per job
 * attempt or inspection, with a heap cap, a timeout and no database credentials, and watches it;
 * {@link dev.mcs.worker.WorkerMain} (worker side) is that JVM's entry point and the only place
 * where native engines are loaded. A crash of ONNX Runtime or libtorch kills only the worker.
 */
package dev.mcs.worker;
