package dev.mcs.service.security;

import jakarta.annotation.PreDestroy;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Keys' last-use times, kept in memory and written in one batch per interval: a write per request would double
 * the database work of every call for a value that only needs to be roughly right.
 */
@Component
class LastUse {

    private static final Logger log = LoggerFactory.getLogger(LastUse.class);

    private final Map<UUID, Instant> pending = new ConcurrentHashMap<>();
    private final ApiKeyRepository keys;
    private final TransactionTemplate tx;
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread thread = new Thread(r, "api-key-last-use");
        thread.setDaemon(true);
        return thread;
    });

    LastUse(ApiKeyRepository keys, TransactionTemplate tx, AuthProperties properties) {
        this.keys = keys;
        this.tx = tx;
        long millis = properties.lastUsedFlushInterval().toMillis();
        timer.scheduleWithFixedDelay(this::flushQuietly, millis, millis, TimeUnit.MILLISECONDS);
    }

    void record(UUID keyId, Instant at) {
        pending.merge(keyId, at, (a, b) -> a.isAfter(b) ? a : b);
    }

    /** Writes what accumulated; called by the timer and at shutdown. */
    void flush() {
        for (UUID id : pending.keySet()) {
            Instant at = pending.remove(id);
            if (at != null) {
                tx.executeWithoutResult(status -> keys.touch(id, at));
            }
        }
    }

    private void flushQuietly() {
        try {
            flush();
        } catch (RuntimeException e) {
            log.warn("could not record API keys' last use; retried at the next interval", e);
        }
    }

    @PreDestroy
    void shutdown() {
        timer.shutdownNow();
        flushQuietly();
    }
}
