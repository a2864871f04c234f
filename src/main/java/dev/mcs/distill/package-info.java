/**
 * Distill techniques. Not implemented yet: the job API answers 422 {@code not-implemented} for
 * {@code DISTILL} jobs instead of running a no-op. Planned methods are listed in the README.
 */
package dev.mcs.distill;
