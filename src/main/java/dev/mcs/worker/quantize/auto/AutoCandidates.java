package dev.mcs.worker.quantize.auto;

import dev.mcs.shared.technique.JobType;
import dev.mcs.shared.technique.MethodKey;
import dev.mcs.shared.technique.TechniqueCatalog;
import dev.mcs.shared.technique.quantize.ExcludesNodes;
import dev.mcs.worker.quantize.core.QuantizationException;
import dev.mcs.worker.quantize.scoring.CandidateEvaluator;
import dev.mcs.worker.quantize.scoring.CandidateScore;
import dev.mcs.worker.technique.MethodRun;
import dev.mcs.worker.technique.MethodRunner;
import dev.mcs.worker.technique.RunnerRegistry;
import dev.mcs.worker.technique.TechniqueException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.RecordComponent;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Builds and scores candidates of the {@code auto} method: the base method run with some nodes kept in float
 * (through its {@code excludeNodes}), written to a private folder beside the output and scored by the evaluator.
 */
final class AutoCandidates implements AutoCloseable {

    /** One scored candidate; {@code model} lives in the private folder until moved or discarded. */
    record Candidate(Path model, CandidateScore score, List<String> quantizedNodes, Set<String> keptFloat, long bytes) {}

    private final MethodRun request;
    private final Path source;
    private final MethodRunner baseRunner;
    private final ExcludesNodes baseDefaults;
    private final String base;
    private final List<String> alwaysFloat;
    private final CandidateEvaluator evaluator;
    private final Path folder;
    private int built;

    AutoCandidates(MethodRun request, String base, List<String> alwaysFloat, CandidateEvaluator evaluator)
            throws IOException, QuantizationException {
        this(request, base, request.input(), alwaysFloat, evaluator);
    }

    /** @param source the float model every candidate is quantized from (the job's model, or a smoothed copy) */
    AutoCandidates(MethodRun request, String base, Path source, List<String> alwaysFloat, CandidateEvaluator evaluator)
            throws IOException, QuantizationException {
        this.request = request;
        this.source = source;
        MethodKey key = new MethodKey(JobType.QUANTIZE, base);
        this.baseRunner = RunnerRegistry.installed().find(key)
                .orElseThrow(() -> new QuantizationException("base method '" + base + "' is not installed"));
        if (!(TechniqueCatalog.installed().find(JobType.QUANTIZE, base).orElseThrow().defaults()
                instanceof ExcludesNodes defaults)) {
            throw new QuantizationException("base method '" + base + "' cannot keep nodes in float");
        }
        this.baseDefaults = defaults;
        this.base = base;
        this.alwaysFloat = List.copyOf(alwaysFloat);
        this.evaluator = evaluator;
        Path parent = request.output().toAbsolutePath().getParent();
        this.folder = Files.createTempDirectory(parent, "auto-candidates-");
    }

    /** The base method with {@code keptFloat} (and the job's own exclusions) left in float, scored. */
    Candidate build(Collection<String> keptFloat) throws IOException, QuantizationException {
        return build(keptFloat, Integer.MAX_VALUE);
    }

    /** As {@link #build(Collection)}, scored on the first {@code samples} evaluation samples only. */
    Candidate build(Collection<String> keptFloat, int samples) throws IOException, QuantizationException {
        Path model = folder.resolve("candidate-" + (built + 1) + ".onnx");
        Set<String> excluded = new LinkedHashSet<>(alwaysFloat);
        excluded.addAll(keptFloat);
        Record summary = runBase(model, List.copyOf(excluded));
        built++;
        return new Candidate(model, evaluator.score(model, samples), quantizedNodes(summary), Set.copyOf(keptFloat),
                Files.size(model));
    }

    /** A candidate built elsewhere (e.g. the base's own fully quantized model), scored like the others. */
    Candidate adopt(Path model, Record summary, Collection<String> keptFloat) throws IOException, QuantizationException {
        built++;
        CandidateScore score = evaluator.score(model);
        return new Candidate(model, score, quantizedNodes(summary), Set.copyOf(keptFloat), Files.size(model));
    }

    private Record runBase(Path model, List<String> excluded) throws IOException, QuantizationException {
        try {
            MethodRun run = request.withOutput(model, baseDefaults.withExcludeNodes(excluded));
            return baseRunner.apply(new MethodRun(source, run.inputFormat(), model, run.params(), run.dataset(),
                    run.evaluation(), run.settings(), run.progress()));
        } catch (QuantizationException e) {
            throw e;
        } catch (TechniqueException e) {
            throw new QuantizationException(e.getMessage(), e);
        }
    }

    void discard(Candidate candidate) throws IOException {
        Files.deleteIfExists(candidate.model());
    }

    /** Candidates built and scored so far. */
    int built() {
        return built;
    }

    /** The base's summary names the nodes it quantized in a {@code quantizedNodes} list. */
    private List<String> quantizedNodes(Record summary) throws QuantizationException {
        for (RecordComponent component : summary.getClass().getRecordComponents()) {
            if (component.getName().equals("quantizedNodes")) {
                try {
                    List<?> nodes = (List<?>) component.getAccessor().invoke(summary);
                    return nodes.stream().map(String::valueOf).distinct().toList();
                } catch (ReflectiveOperationException | ClassCastException e) {
                    break;
                }
            }
        }
        throw new QuantizationException("base method '" + base + "' does not report which nodes it quantized,"
                + " so 'auto' cannot choose among them");
    }

    @Override
    public void close() throws IOException {
        try (Stream<Path> files = Files.walk(folder)) {
            List<Path> all = new ArrayList<>(files.sorted(Comparator.reverseOrder()).toList());
            for (Path path : all) {
                Files.deleteIfExists(path);
            }
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
    }
}
