/**
 * Compression jobs: validation of requests, the job state machine, the durable queue
 * (db-scheduler on the service's PostgreSQL), the runner that drives one worker per attempt, and
 * the short guarded transaction that publishes a job's output model and metrics.
 */
package dev.mcs.service.job;
