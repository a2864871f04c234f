package dev.mcs.worker;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.lang.management.MemoryUsage;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * How much heap the worker used. The peak of each pool follows the heap's sizing (eden fills up
 * before every young collection), so it is an upper bound; the heap left after the last collections
 * is the live data the job really needed. Memory targets are proven by running under a heap limit.
 */
final class WorkerMemory {

    private WorkerMemory() {}

    static Map<String, Long> snapshot() {
        List<MemoryPoolMXBean> heap = ManagementFactory.getMemoryPoolMXBeans().stream()
                .filter(pool -> pool.getType() == MemoryType.HEAP)
                .toList();
        return Map.of(
                "peakHeapBytes", sum(heap, MemoryPoolMXBean::getPeakUsage),
                "heapAfterLastGcBytes", sum(heap, MemoryPoolMXBean::getCollectionUsage),
                "heapLimitBytes", Runtime.getRuntime().maxMemory());
    }

    private static long sum(List<MemoryPoolMXBean> pools, Function<MemoryPoolMXBean, MemoryUsage> usage) {
        return pools.stream().map(usage).mapToLong(u -> u == null ? 0 : u.getUsed()).sum();
    }
}
