/**
 * Shared (service and worker JVM): the files and stdout lines a worker and its launcher exchange: the task, the result, progress lines, exit codes, and the measurement settings.
 */
package dev.mcs.shared.protocol;
