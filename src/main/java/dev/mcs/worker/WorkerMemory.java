package dev.mcs.worker;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.util.Map;

/** How much heap the worker needed, so memory targets can be checked per job. */
final class WorkerMemory {

    private WorkerMemory() {}

    /** Peak heap (sum of each heap pool's peak, an upper bound) and the heap limit, in bytes. */
    static Map<String, Long> snapshot() {
        long peak = ManagementFactory.getMemoryPoolMXBeans().stream()
                .filter(pool -> pool.getType() == MemoryType.HEAP)
                .map(MemoryPoolMXBean::getPeakUsage)
                .mapToLong(usage -> usage == null ? 0 : usage.getUsed())
                .sum();
        return Map.of("peakHeapBytes", peak, "heapLimitBytes", Runtime.getRuntime().maxMemory());
    }
}
