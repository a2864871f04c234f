/**
 * The DISTILL technique, API side: the {@code distill} method's parameters (the student and how it is trained),
 * their defaults and value checks. The worker side that trains the student lives under {@code dev.mcs.worker}.
 */
package dev.mcs.shared.technique.distill;
