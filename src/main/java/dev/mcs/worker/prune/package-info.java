/**
 * PRUNE, worker side: {@code structured} (a smaller graph), {@code magnitude} and {@code wanda} (masks in a dense
 * file), each optionally followed by recovery training; every job reports what it bought in
 * {@link dev.mcs.worker.prune.PruneReport}. Registered through {@link dev.mcs.worker.prune.PruneRunners}.
 */
package dev.mcs.worker.prune;
