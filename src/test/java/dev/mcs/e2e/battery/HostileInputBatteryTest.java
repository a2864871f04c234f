package dev.mcs.e2e.battery;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mcs.support.Api;
import dev.mcs.support.ServiceTest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.JdbcTemplate;
import tools.jackson.databind.JsonNode;

/**
 * Hundreds of generated hostile uploads against one running service: each is refused with a 4xx problem, or
 * accepted and then inspected to READY or INVALID with a reason; afterwards the same process answers, no
 * temporary or work file is left, and the storage root holds exactly the blobs of the accepted rows.
 * The default run takes every fifth input; the whole battery is benchmark-tagged.
 */
@ServiceTest
class HostileInputBatteryTest {

    private static final Path STORAGE = Path.of("target/test-storage");

    @LocalServerPort
    int port;

    @Autowired
    JdbcTemplate jdbc;

    @TempDir
    Path scratch;

    Api api;

    @BeforeEach
    void setUp() {
        api = new Api(port);
    }

    @Test
    void everyFifthHostileInputIsRefusedOrInspectedAndLeavesNothingBehind() throws Exception {
        List<HostileInput> all = battery();
        run(IntStream.range(0, all.size()).filter(i -> i % 5 == 0).mapToObj(all::get).toList());
    }

    @Test
    @Tag("benchmark")
    void theWholeBatteryOfMoreThan300HostileInputsIsHandled() throws Exception {
        List<HostileInput> all = battery();
        assertThat(all).hasSizeGreaterThanOrEqualTo(300);
        run(all);
    }

    private List<HostileInput> battery() throws IOException {
        List<HostileInput> inputs = new ArrayList<>(HostileModels.all());
        inputs.addAll(HostileDatasets.all(scratch));
        return inputs;
    }

    private void run(List<HostileInput> inputs) throws Exception {
        awaitQuietQueue();
        Set<String> filesBefore = files(STORAGE);
        BatteryOutcomes outcomes = new BatteryOutcomes();
        for (HostileInput input : inputs) {
            outcomes.record(input, upload(input));
        }
        outcomes.awaitInspections(api);
        System.out.println("hostile-input battery: " + outcomes.summary());

        assertThat(outcomes.failures()).as("inputs not handled as promised").isEmpty();
        assertThat(api.get("/actuator/health").getStatusCode().value()).isEqualTo(200);
        assertThat(Path.of("/tmp/pwned")).doesNotExist();
        awaitQuietQueue();
        assertThat(newFiles(filesBefore)).as("files added to the storage root")
                .containsExactlyInAnyOrderElementsOf(acceptedBlobs(outcomes));
        outcomes.deleteAccepted(api);
    }

    private ResponseEntity<JsonNode> upload(HostileInput input) {
        return input.target() == HostileInput.Target.MODEL
                ? api.upload("/api/v1/models", "hostile.bin", input.content())
                : api.upload("/api/v1/datasets", "hostile.npz", input.content());
    }

    private Set<String> acceptedBlobs(BatteryOutcomes outcomes) {
        Set<String> blobs = new TreeSet<>();
        outcomes.acceptedModels().forEach(id -> blobs.add(blobPath("model", id)));
        outcomes.acceptedDatasets().forEach(id -> blobs.add(blobPath("dataset", id)));
        return blobs;
    }

    private String blobPath(String table, String id) {
        String key = jdbc.queryForObject("select blob_key from " + table + " where id = ?::uuid", String.class, id);
        return STORAGE.resolve("blobs").resolve(key).toString();
    }

    private Set<String> newFiles(Set<String> before) throws IOException {
        Set<String> added = new TreeSet<>(files(STORAGE));
        added.removeAll(before);
        return added;
    }

    private static Set<String> files(Path root) throws IOException {
        try (Stream<Path> files = Files.walk(root)) {
            return files.filter(Files::isRegularFile).map(Path::toString).collect(Collectors.toCollection(TreeSet::new));
        }
    }

    private void awaitQuietQueue() {
        long deadline = System.nanoTime() + 120_000_000_000L;
        while (jdbc.queryForObject("select count(*) from scheduled_tasks where task_name <> 'orphan-sweep'",
                Long.class) > 0) {
            assertThat(System.nanoTime()).as("the queue never emptied").isLessThan(deadline);
            Api.sleep(200);
        }
    }
}
