/**
 * Service JVM: starts one worker JVM per job attempt or inspection ({@link dev.mcs.service.launch.WorkerLauncher}) with a heap cap, a timeout, a restricted environment and a stdin lifeline, and reports how it ended. Names the worker's main class, never loads it.
 */
package dev.mcs.service.launch;
