/**
 * The PRUNE technique, API side: the parameter records of {@code magnitude}, {@code wanda} and {@code structured},
 * the optional {@code recovery} training they share, their defaults and value checks. The worker side lives in
 * {@code dev.mcs.worker.prune}.
 */
package dev.mcs.shared.technique.prune;
