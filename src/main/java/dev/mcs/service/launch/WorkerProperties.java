package dev.mcs.service.launch;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.unit.DataSize;

/**
 * Worker process settings.
 *
 * @param heap maximum heap of each worker JVM ({@code -Xmx})
 * @param timeout wall-clock limit of one compression attempt
 * @param inspectionTimeout wall-clock limit of one model inspection
 * @param maxAttempts attempts per job before a crashing or timing-out job is failed
 * @param retryDelay wait before a crashed attempt is retried
 * @param javaCommand java executable for workers; empty means the running JVM's
 * @param djlCacheDir where DJL unpacks native engines; empty means DJL's default (~/.djl.ai)
 * @param stderrTailLines how many last lines of a crashed worker's stderr are kept in the error
 */
@ConfigurationProperties("mcs.worker")
public record WorkerProperties(
        DataSize heap,
        Duration timeout,
        Duration inspectionTimeout,
        int maxAttempts,
        Duration retryDelay,
        String javaCommand,
        String djlCacheDir,
        int stderrTailLines) {}
