/**
 * Shared (service and worker JVM): model formats, with the pure-Java readers of the file formats the service accepts in subpackages. No engines.
 */
package dev.mcs.shared.format;
