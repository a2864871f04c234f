package dev.mcs.support;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The real service as its own JVM on the test classpath, with its own schema (dropped when this object is made,
 * so no earlier run or branch leaves a migrated state behind), storage root and port, so a test can kill it with
 * SIGKILL and start it again on the same data.
 */
public final class ServiceProcess implements AutoCloseable {

    private final Path dir;
    private final String schema;
    private final List<String> jvmArguments;
    private final List<String> extraArguments;
    private final int port;
    private Process process;
    private int starts;

    public ServiceProcess(Path dir, String schema, List<String> extraArguments) throws IOException {
        this(dir, schema, List.of(), extraArguments);
    }

    /** With {@code jvmArguments} (e.g. {@code -Xmx256m}) before the classpath. */
    public ServiceProcess(Path dir, String schema, List<String> jvmArguments, List<String> extraArguments)
            throws IOException {
        this.dir = Files.createDirectories(dir);
        this.schema = isolated(schema);
        this.jvmArguments = List.copyOf(jvmArguments);
        dropSchema(this.schema);
        this.extraArguments = List.copyOf(extraArguments);
        try (ServerSocket socket = new ServerSocket(0)) {
            this.port = socket.getLocalPort();
        }
    }

    public int port() {
        return port;
    }

    public Api api() {
        return new Api(port);
    }

    public Path storage() {
        return dir.resolve("storage");
    }

    /** Starts the service and waits until its health endpoint answers. */
    public ServiceProcess start() throws IOException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        command.addAll(jvmArguments);
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), "dev.mcs.Application",
                "--spring.profiles.active=test",
                "--server.port=" + port, "--mcs.storage.root=" + storage(), "--spring.flyway.schemas=" + schema,
                "--spring.flyway.default-schema=" + schema, "--spring.datasource.hikari.schema=" + schema,
                "--spring.jpa.properties.hibernate.default_schema=" + schema));
        command.addAll(extraArguments);
        process = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log().toFile())).start();
        starts++;
        awaitHealthy();
        return this;
    }

    /** SIGKILL: no shutdown hook, no graceful stop; the workers see their lifeline close. */
    public void killHard() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(30, TimeUnit.SECONDS);
    }

    /** The service's thread dump (jcmd), for a test that gave up waiting on it. */
    public String threadDump() {
        try {
            Process jcmd = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "jcmd").toString(),
                    Long.toString(process.pid()), "Thread.print").redirectErrorStream(true).start();
            String dump = new String(jcmd.getInputStream().readAllBytes());
            jcmd.waitFor(30, TimeUnit.SECONDS);
            return dump;
        } catch (IOException e) {
            return "no thread dump: " + e.getMessage();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "no thread dump: interrupted";
        }
    }

    public long pid() {
        return process.pid();
    }

    public Path log() {
        return dir.resolve("service.log");
    }

    /** Stops the service and keeps its log under {@code target/service-logs}, since the test's folder goes. */
    @Override
    public void close() throws InterruptedException {
        if (process != null && process.isAlive()) {
            process.destroy();
            if (!process.waitFor(20, TimeUnit.SECONDS)) {
                killHard();
            }
        }
        try {
            Path kept = Files.createDirectories(Path.of("target/service-logs"))
                    .resolve(schema + "-" + System.currentTimeMillis() + ".log");
            Files.copy(log(), kept);
        } catch (IOException e) {
            // the log is a diagnostic; losing it must not fail the test
        }
    }

    /**
     * The schema a test names, prefixed by the build's own test schema when one is set
     * ({@code -Dspring.flyway.schemas=…}), so two builds on one database never drop each other's.
     */
    public static String isolated(String schema) {
        String base = System.getProperty("spring.flyway.schemas");
        return base == null || base.isBlank() ? schema : base + "_" + schema;
    }

    /** A connection to the tests' PostgreSQL (the one the service uses). */
    public static java.sql.Connection connect() throws java.sql.SQLException {
        String url = System.getenv().getOrDefault("MCS_DB_URL", "jdbc:postgresql://localhost:5432/postgres");
        return java.sql.DriverManager.getConnection(url, System.getenv().getOrDefault("MCS_DB_USER", "postgres"),
                System.getenv().getOrDefault("MCS_DB_PASSWORD", ""));
    }

    private static void dropSchema(String schema) throws IOException {
        try (java.sql.Connection db = connect(); java.sql.Statement drop = db.createStatement()) {
            drop.execute("drop schema if exists " + schema + " cascade");
        } catch (java.sql.SQLException e) {
            throw new IOException("could not drop the test schema " + schema, e);
        }
    }

    private void awaitHealthy() throws IOException {
        Api api = api();
        long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
        while (System.nanoTime() < deadline && process.isAlive()) {
            try {
                if (api.get("/actuator/health").getStatusCode().is2xxSuccessful()) {
                    return;
                }
            } catch (RuntimeException notUpYet) {
                // connection refused until Tomcat listens
            }
            Api.sleep(250);
        }
        List<String> lines = Files.readAllLines(log());
        throw new AssertionError("start " + starts + " of the service did not become healthy; its log ends with:\n"
                + String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size())));
    }
}
