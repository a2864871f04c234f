/**
 * Service JVM: the periodic orphan sweep ({@link dev.mcs.service.sweep.OrphanSweep}), which removes blobs, temporary
 * uploads and worker attempt directories that no row references any more, left behind by crashes.
 */
package dev.mcs.service.sweep;
