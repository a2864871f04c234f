package dev.mcs.service.job;

import dev.mcs.service.storage.BlobStore;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.springframework.context.ApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.ObjectMapper;

/**
 * The {@link AttemptScene}s one test creates in the running service, all created at one instant and all
 * removed after the test, so that later tests in the shared context see none of them.
 */
final class AttemptScenes {

    private final AttemptScene.Beans beans;
    private final Instant createdAt;
    private final List<AttemptScene> created = new ArrayList<>();

    AttemptScenes(ApplicationContext context, Instant createdAt) {
        this.beans = new AttemptScene.Beans(context.getBean(JdbcTemplate.class), context.getBean(JobRepository.class),
                context.getBean(TransactionTemplate.class), context.getBean(AttemptDirectories.class),
                context.getBean(BlobStore.class), context.getBean(ObjectMapper.class));
        this.createdAt = createdAt;
    }

    /** A job RUNNING its attempt number {@code attempt} out of {@code maxAttempts}. */
    AttemptScene running(int attempt, int maxAttempts) {
        AttemptScene scene = AttemptScene.running(beans, attempt, maxAttempts, createdAt);
        created.add(scene);
        return scene;
    }

    void removeAll() throws IOException {
        for (AttemptScene scene : created) {
            scene.remove();
        }
    }
}
