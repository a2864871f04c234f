package dev.mcs.service.launch;

import dev.mcs.shared.protocol.WorkerProtocol;
import java.io.File;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Builds the command line of a worker JVM: the same classpath as this process, a plain main (not a
 * second Spring context). Inside Boot's fat jar the classpath is the jar alone and nested jars are
 * only reachable through Boot's launcher, hence the PropertiesLauncher form there.
 */
final class WorkerCommand {

    static final String FAT_JAR_LAUNCHER = "org.springframework.boot.loader.launch.PropertiesLauncher";
    private static final List<String> PASSED_ENVIRONMENT = List.of("PATH", "HOME", "LANG", "LC_ALL", "USER",
            "JAVA_HOME", "DJL_CACHE_DIR", "ENGINE_CACHE_DIR", "OMP_NUM_THREADS");

    private final WorkerProperties properties;

    WorkerCommand(WorkerProperties properties) {
        this.properties = properties;
    }

    List<String> build(Path taskFile, Path tmpDir) {
        List<String> command = new ArrayList<>();
        command.add(javaExecutable());
        command.add("-Xmx" + properties.heap().toMegabytes() + "m");
        command.add("-XX:+ExitOnOutOfMemoryError");
        command.add("-XX:+UseSerialGC");
        command.add("-Xshare:auto");
        command.add("-Djava.io.tmpdir=" + tmpDir);
        command.add("-Dai.djl.offline=true");
        command.add("-Dai.djl.onnx.disable_alternative=true");
        command.addAll(classpathAndMain());
        command.add(taskFile.toString());
        return command;
    }

    /** Only harmless variables reach the worker: never database credentials or service secrets. */
    void restrictEnvironment(Map<String, String> environment) {
        Map<String, String> parent = Map.copyOf(environment);
        environment.clear();
        PASSED_ENVIRONMENT.forEach(name -> {
            if (parent.containsKey(name)) {
                environment.put(name, parent.get(name));
            }
        });
        if (properties.djlCacheDir() != null && !properties.djlCacheDir().isBlank()) {
            environment.put("DJL_CACHE_DIR", properties.djlCacheDir());
        }
    }

    private String javaExecutable() {
        if (properties.javaCommand() != null && !properties.javaCommand().isBlank()) {
            return properties.javaCommand();
        }
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    private static List<String> classpathAndMain() {
        // Absolute entries: the worker runs in its attempt directory, and `java -jar app.jar` gives a relative path.
        String classpath = Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator))
                .map(entry -> Path.of(entry).toAbsolutePath().toString())
                .collect(Collectors.joining(File.pathSeparator));
        if (runsFromFatJar()) {
            return List.of("-cp", classpath, "-Dloader.main=" + WorkerProtocol.WORKER_MAIN, FAT_JAR_LAUNCHER);
        }
        return List.of("-cp", classpath, WorkerProtocol.WORKER_MAIN);
    }

    private static boolean runsFromFatJar() {
        ClassLoader loader = WorkerCommand.class.getClassLoader();
        return loader != null && loader.getClass().getName().startsWith("org.springframework.boot.loader");
    }
}
